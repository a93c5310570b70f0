// Drag-and-drop for /upload/: dropped files go into the ordinary <input type="file">,
// so the form posts exactly as if they had been chosen in the dialog. No inline script (CSP).
(function () {
  "use strict";
  var zone = document.getElementById("dropzone");
  if (!zone) { return; }
  var input = document.getElementById(zone.getAttribute("data-input"));
  var list = document.getElementById("dropzone-list");

  function showNames(files) {
    list.textContent = "";
    for (var i = 0; i < files.length; i++) {
      var item = document.createElement("li");
      item.textContent = files[i].name + " (" + Math.ceil(files[i].size / 1024) + " KB)";
      list.appendChild(item);
    }
  }

  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add("dragging");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function () { zone.classList.remove("dragging"); });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      showNames(input.files);
    }
  });
  input.addEventListener("change", function () { showNames(input.files); });
})();
