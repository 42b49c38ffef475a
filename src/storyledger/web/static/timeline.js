// The timeline axis: events from the page's JSON twin drawn as SVG, zoomable from
// years to days. Plain DOM only: every label is set with textContent, never as markup.
"use strict";
(function () {
  const chart = document.getElementById("timeline-chart");
  if (!chart) return;
  const svg = chart.querySelector("svg");
  const NS = "http://www.w3.org/2000/svg";
  const DAY = 86400000;
  const WIDTH = 1000, LANE = 22, TOP = 34;
  let events = [], view = null;

  function span(value) {
    // ISO prefix -> [start, end) in ms; null for durations and odd values.
    let m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}))?)?)?$/.exec(value || "");
    if (m) {
      const y = +m[1], mo = m[2] ? +m[2] - 1 : 0, d = m[3] ? +m[3] : 1;
      const start = Date.UTC(y, mo, d, m[4] ? +m[4] : 0, m[5] ? +m[5] : 0);
      const end = m[4] ? start + 3600000 : m[3] ? start + DAY : m[2] ? Date.UTC(y, mo + 1, 1) : Date.UTC(y + 1, 0, 1);
      return [start, end];
    }
    m = /^(\d{4})-W(\d{2})$/.exec(value || "");
    if (m) {
      const jan4 = Date.UTC(+m[1], 0, 4), weekday = (new Date(jan4).getUTCDay() + 6) % 7;
      const start = jan4 - weekday * DAY + (+m[2] - 1) * 7 * DAY;
      return [start, start + 7 * DAY];
    }
    return null;
  }

  function el(name, attrs, text) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function fit() {
    const starts = events.map((e) => e.span[0]), ends = events.map((e) => e.span[1]);
    const lo = Math.min(...starts), hi = Math.max(...ends), pad = Math.max((hi - lo) * 0.05, DAY);
    view = [lo - pad, hi + pad];
  }

  function zoomTo(width) {
    const mid = (view[0] + view[1]) / 2;
    view = [mid - width / 2, mid + width / 2];
    draw();
  }

  function ticks() {
    const width = view[1] - view[0], out = [];
    const start = new Date(view[0]);
    if (width > 3 * 365 * DAY) {
      const step = Math.max(1, Math.ceil(width / (365 * DAY) / 12));
      for (let y = start.getUTCFullYear(); Date.UTC(y, 0, 1) < view[1]; y += step) out.push([Date.UTC(y, 0, 1), String(y)]);
    } else if (width > 60 * DAY) {
      const step = Math.max(1, Math.ceil(width / (30 * DAY) / 12));
      for (let t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1); t < view[1];) {
        const d = new Date(t);
        out.push([t, d.toISOString().slice(0, 7)]);
        t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + step, 1);
      }
    } else {
      const step = Math.max(1, Math.ceil(width / DAY / 12)) * DAY;
      for (let t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()); t < view[1]; t += step) {
        out.push([t, new Date(t).toISOString().slice(0, 10)]);
      }
    }
    return out.filter(([t]) => t >= view[0]);
  }

  function x(t) {
    return ((t - view[0]) / (view[1] - view[0])) * WIDTH;
  }

  function draw() {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const laneEnds = [];
    const placed = events.map((e) => {
      const x0 = x(e.span[0]), x1 = Math.max(x(e.span[1]), x0 + 6);
      let lane = laneEnds.findIndex((end) => end < x0 - 2);
      if (lane < 0) { lane = laneEnds.length; laneEnds.push(0); }
      laneEnds[lane] = Math.max(x1, x0 + 8);
      return { e, x0, x1, lane };
    });
    const height = TOP + Math.max(1, laneEnds.length) * LANE + 10;
    svg.setAttribute("viewBox", `0 0 ${WIDTH} ${height}`);
    svg.setAttribute("height", String(height));
    svg.appendChild(el("line", { x1: 0, y1: TOP - 8, x2: WIDTH, y2: TOP - 8, class: "axis" }));
    for (const [t, label] of ticks()) {
      svg.appendChild(el("line", { x1: x(t), y1: TOP - 14, x2: x(t), y2: height, class: "tick" }));
      svg.appendChild(el("text", { x: x(t) + 3, y: TOP - 16, class: "tick-label" }, label));
    }
    for (const p of placed) {
      if (p.x1 < 0 || p.x0 > WIDTH) continue;
      const link = el("a", { href: "#" + p.e.anchor, class: "event-mark" });
      const y = TOP + p.lane * LANE;
      link.appendChild(el("rect", { x: p.x0, y, width: p.x1 - p.x0, height: LANE - 6, rx: 3 }));
      link.appendChild(el("title", {}, `${p.e.date}: ${p.e.summary} (${p.e.sources} source${p.e.sources === 1 ? "" : "s"})`));
      if (p.e.sources > 1) link.appendChild(el("text", { x: p.x1 + 3, y: y + 12, class: "sources" }, String(p.e.sources)));
      svg.appendChild(link);
    }
  }

  function load() {
    fetch(chart.dataset.src, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((r) => r.json())
      .then((data) => {
        const offset = (data.page && data.page.offset) || 0;
        events = (data.events || []).map((e, i) => ({
          date: e.date, summary: e.summary, sources: (e.sources || []).length,
          anchor: "ev" + (offset + i), span: span(e.date),
        })).filter((e) => e.span);
        if (!events.length) { chart.hidden = true; return; }
        fit();
        draw();
      });
  }

  chart.querySelectorAll("[data-zoom]").forEach((button) => {
    button.addEventListener("click", () => {
      const z = button.dataset.zoom;
      if (z === "fit") { fit(); draw(); }
      else zoomTo({ years: 10 * 365 * DAY, months: 365 * DAY, days: 31 * DAY }[z]);
    });
  });
  svg.addEventListener("wheel", (event) => {
    if (!view) return;
    event.preventDefault();
    const box = svg.getBoundingClientRect();
    const at = view[0] + ((event.clientX - box.left) / box.width) * (view[1] - view[0]);
    const factor = event.deltaY > 0 ? 1.25 : 0.8;
    const width = Math.max(DAY, (view[1] - view[0]) * factor);
    const share = (at - view[0]) / (view[1] - view[0]);
    view = [at - share * width, at + (1 - share) * width];
    draw();
  }, { passive: false });
  let drag = null;
  svg.addEventListener("pointerdown", (event) => { if (view) drag = { x: event.clientX, view: view.slice() }; });
  window.addEventListener("pointerup", () => { drag = null; });
  svg.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const box = svg.getBoundingClientRect();
    const shift = ((event.clientX - drag.x) / box.width) * (drag.view[1] - drag.view[0]);
    view = [drag.view[0] - shift, drag.view[1] - shift];
    draw();
  });
  load();
})();
