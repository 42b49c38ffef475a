// Add articles with progress: one request per file, so each file shows its own
// upload bar and its own outcome. Without script the form posts all files at once.
"use strict";
(function () {
  const form = document.getElementById("upload");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  const list = document.getElementById("progress");
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const maxBytes = Number(form.dataset.maxBytes);

  function row(name) {
    const item = document.createElement("li");
    const label = document.createElement("span");
    label.className = "name";
    label.textContent = name;
    const bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    const status = document.createElement("span");
    status.className = "status";
    status.textContent = "waiting";
    item.append(label, bar, status);
    list.appendChild(item);
    return { item, bar, status };
  }

  function send(file, ui) {
    return new Promise((resolve) => {
      if (file.size > maxBytes) {
        ui.status.textContent = `refused: ${file.size} bytes is over the ${maxBytes} byte limit`;
        ui.item.className = "failed";
        resolve({ added: 0 });
        return;
      }
      const body = new FormData();
      body.append("files", file, file.name);
      const xhr = new XMLHttpRequest();
      xhr.open("POST", form.dataset.api);
      xhr.setRequestHeader("X-CSRF-Token", token);
      xhr.responseType = "json";
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) ui.bar.value = (100 * e.loaded) / e.total;
      };
      xhr.upload.onload = () => { ui.status.textContent = "extracting…"; };
      xhr.onload = () => {
        const r = xhr.response || {};
        ui.bar.value = 100;
        if (xhr.status === 200) {
          ui.status.textContent = r.added ? "added" : r.skipped ? "already in the case" : (r.errors || []).join(" ") || "failed";
          ui.item.className = r.added || r.skipped ? "done" : "failed";
        } else {
          ui.status.textContent = r.error || `failed (${xhr.status})`;
          ui.item.className = "failed";
        }
        resolve(r);
      };
      xhr.onerror = () => { ui.status.textContent = "network error"; ui.item.className = "failed"; resolve({}); };
      xhr.send(body);
    });
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const files = Array.from(form.querySelector('input[type="file"]').files);
    if (!files.length) return;
    while (list.firstChild) list.removeChild(list.firstChild);
    const rows = files.map((f) => row(f.name));
    const button = form.querySelector("button");
    button.disabled = true;
    let added = 0;
    for (let i = 0; i < files.length; i++) {
      rows[i].status.textContent = "uploading";
      const r = await send(files[i], rows[i]);
      added += r.added || 0;
    }
    button.disabled = false;
    const done = document.createElement("li");
    done.className = "summary";
    done.textContent = `${added} of ${files.length} added. `;
    const link = document.createElement("a");
    link.href = "/";
    link.textContent = "See the overview";
    done.appendChild(link);
    list.appendChild(done);
  });
})();
