/* Small behaviours of the site's pages; each works without it too.
 * - [data-print] buttons print the page (the A4 print style is in showcase.css).
 * - The removal-request page fills the profile's id (from ?ho-so=) into its pre-filled e-mail. */
(function () {
  "use strict";

  function initPrint() {
    document.querySelectorAll("[data-print]").forEach(function (b) {
      b.hidden = false;
      if (!b.hasAttribute("data-ready")) {
        b.setAttribute("data-ready", "");
        b.addEventListener("click", function () { window.print(); });
      }
    });
  }

  /* Ids are ASCII slugs; anything else in the address is ignored, never written into the page. */
  function initRequest() {
    var link = document.querySelector("[data-request-mail]");
    var id = new URLSearchParams(location.search).get("ho-so") || "";
    if (!link || !/^[a-z0-9][a-z0-9-]{0,79}$/.test(id)) return;
    var url = new URL(link.href);
    var subject = url.searchParams.get("subject") || "";
    var body = (url.searchParams.get("body") || "").replace("(ghi mã ở cuối trang hồ sơ)", id);
    link.href = "mailto:" + url.pathname + "?subject=" + encodeURIComponent(subject + " " + id) +
      "&body=" + encodeURIComponent(body);
    document.querySelector("[data-request-id]").textContent = id;
    document.querySelector("[data-request-id-wrap]").hidden = false;
  }

  function init() { initPrint(); initRequest(); }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
