// vnpolicy serve: the upload page follows its batch; nothing else needs a script.
(function () {
  "use strict";
  function text(el, s) { if (el) { el.textContent = s; } }
  function item(cls, s) { var li = document.createElement("li"); li.className = cls; li.textContent = s; return li; }
  function poll(box) {
    var id = box.getAttribute("data-job");
    fetch("/them/tien-do/" + encodeURIComponent(id), {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (j) {
        box.setAttribute("data-state", j.state);
        var bar = document.getElementById("job-bar");
        if (bar) { bar.max = j.total || 1; bar.value = j.done; }
        if (j.state === "running" || j.state === "waiting") {
          text(document.getElementById("job-state"), "Đang đọc tệp: " + j.done + "/" + j.total);
        } else if (j.state === "publishing") {
          text(document.getElementById("job-state"), "Đang đối chiếu và cập nhật danh mục…");
        } else {
          text(document.getElementById("job-state"), j.message);
        }
        var ul = document.getElementById("job-results");
        if (ul) {
          ul.textContent = "";
          j.results.forEach(function (r) {
            ul.appendChild(item(r.message ? "err" : "ok", r.name + ": " + r.status + (r.message ? " — " + r.message : "")));
          });
        }
        if (j.finished) {
          var next = document.getElementById("job-next");
          if (next) { next.hidden = false; }
          var note = document.getElementById("busy-note");
          if (note) { note.remove(); }
          var b = document.querySelector("#upload-form button[type=submit]");
          if (b) { b.disabled = false; }
        } else {
          setTimeout(function () { poll(box); }, 1000);
        }
      })
      .catch(function () { setTimeout(function () { poll(box); }, 3000); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("job");
    if (box && box.getAttribute("data-state") !== "done" && box.getAttribute("data-state") !== "failed") { poll(box); }
    var form = document.getElementById("upload-form");
    if (form) {
      form.addEventListener("submit", function () {
        var b = form.querySelector("button[type=submit]");
        if (b) { b.disabled = true; b.textContent = "Đang tải lên…"; }
      });
    }
  });
})();
