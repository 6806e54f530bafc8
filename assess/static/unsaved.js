// Warn before leaving a page whose answer form has changes that were not saved (sending a
// question or switching the language posts another form and would drop them).
(function () {
  var form = document.querySelector("form[data-warn-unsaved]");
  if (!form) return;
  var dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
})();
