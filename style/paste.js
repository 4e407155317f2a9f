// Progressive enhancement only: every form works without this file.
// Ctrl+Enter (Cmd+Enter) in the paste box submits it; copy buttons copy their target's text.
(function () {
  var paste = document.getElementById("paste");
  if (paste) {
    paste.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && paste.form) {
        event.preventDefault();
        paste.form.requestSubmit ? paste.form.requestSubmit() : paste.form.submit();
      }
    });
  }
  document.querySelectorAll("[data-copy], [data-copy-text]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var id = button.getAttribute("data-copy");
      var target = id ? document.getElementById(id) : null;
      // a path (`/d/…`) is copied as the whole link, with this page's scheme, host and base path
      var link = button.getAttribute("data-copy-text");
      var text = target ? target.textContent : link ? new URL(link, location.href).href : location.href;
      navigator.clipboard.writeText(text).then(function () {
        var label = button.textContent;
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = label; }, 1500);
      });
    });
  });
})();
