/* Site behaviour without inline scripts: highlight the sentence a link points to, copy buttons. */
(function () {
  "use strict";

  function highlightTarget(id) {
    var previous = document.querySelectorAll(".is-highlighted");
    for (var i = 0; i < previous.length; i++) previous[i].classList.remove("is-highlighted");
    if (!id) return;
    var target = document.getElementById(id);
    if (!target) return;
    var sentence = target.closest(".sentence") || target;
    sentence.classList.add("is-highlighted");
    target.classList.add("is-highlighted");
    sentence.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  function fromHash() {
    var id = decodeURIComponent(window.location.hash.replace(/^#/, ""));
    if (/^(metric|measure)-\d+$/.test(id)) highlightTarget(id);
    else if (!id && document.getElementById("q-0")) highlightTarget("q-0");
  }

  document.addEventListener("click", function (event) {
    var jump = event.target.closest("a.jump[data-target]");
    if (jump) {
      event.preventDefault();
      var id = jump.getAttribute("data-target");
      history.replaceState(null, "", "#" + id);
      highlightTarget(id);
      return;
    }
    var copy = event.target.closest("[data-copy-target]");
    if (copy) {
      var field = document.getElementById(copy.getAttribute("data-copy-target"));
      if (!field) return;
      field.select();
      var done = function () { copy.textContent = "已复制"; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    }
  });

  window.addEventListener("hashchange", fromHash);
  document.addEventListener("DOMContentLoaded", fromHash);
})();
