/* Click a profile photo to see it larger, in a native <dialog>.
   Links made by showcase.images.picture_html(zoom=True) carry data-sc-lightbox; without
   JavaScript they simply open the large image. The dialog is modal (focus stays inside),
   Esc or the "Đóng" button or a click outside the photo closes it, and focus returns to
   the photo that opened it. Works with Material's instant navigation (event delegation). */
(function () {
  "use strict";
  var dialog = null;
  var opener = null;

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "sc-lightbox";
    dialog.setAttribute("aria-label", "Ảnh phóng to");
    dialog.innerHTML =
      '<figure><img alt=""><figcaption></figcaption></figure>' +
      '<button type="button" class="sc-lightbox__close" aria-label="Đóng ảnh phóng to">Đóng ✕</button>';
    dialog.querySelector("button").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();  /* the backdrop area */
    });
    dialog.addEventListener("close", function () {
      if (opener && document.contains(opener)) opener.focus();
      opener = null;
    });
    document.body.appendChild(dialog);
  }

  function open(link) {
    if (!dialog || !document.contains(dialog)) build();
    var thumb = link.querySelector("img");
    var img = dialog.querySelector("img");
    img.src = link.getAttribute("href");
    img.alt = thumb ? thumb.alt : "";
    dialog.querySelector("figcaption").textContent = link.getAttribute("data-caption") || "";
    opener = link;
    dialog.showModal();
    dialog.querySelector("button").focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-sc-lightbox]");
    if (!link || typeof HTMLDialogElement === "undefined") return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    open(link);
  });
})();
