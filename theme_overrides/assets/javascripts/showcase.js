/* Small behaviours of the site's pages; each works without it too.
 * - [data-print] buttons print the page (the A4 print style is in showcase.css).
 * - The removal-request page fills the profile's id (from ?ho-so=) into its pre-filled e-mail.
 * - Share buttons: the phone's share sheet where it exists (Zalo is listed there), else the link
 *   is copied. Nothing is requested from another site until the reader taps. */
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

  function copy(url, note) {
    var done = function () { note.textContent = "Đã chép liên kết. Mở Zalo hoặc Facebook và dán vào để gửi."; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(done, function () { note.textContent = url; });
    } else {
      note.textContent = url;  // no clipboard (plain http): show the link to copy by hand
    }
  }

  function initShare() {
    var canShare = typeof navigator.share === "function";
    document.querySelectorAll("[data-share]").forEach(function (b) {
      var kind = b.getAttribute("data-share");
      if (kind === "native" && !canShare) return;
      b.hidden = false;
      if (b.hasAttribute("data-ready")) return;
      b.setAttribute("data-ready", "");
      var note = b.parentNode.querySelector(".sc-share__note");
      b.addEventListener("click", function () {
        var url = b.getAttribute("data-url") || location.href;
        if (kind !== "copy" && canShare) {
          navigator.share({ title: document.title, url: url }).catch(function () {});
        } else {
          copy(url, note);
        }
      });
    });
  }

  function init() { initPrint(); initRequest(); initShare(); }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
