// "Go back to the form" (data-history-back) on the expired-form page: the browser's own
// Back, which keeps what was typed in the form. Without JavaScript the button's paragraph
// stays hidden and the page says to use the browser's Back button instead.
document.querySelectorAll("[data-history-back]").forEach(function (wrapper) {
  wrapper.hidden = false;
  wrapper.querySelector("button").addEventListener("click", function () {
    window.history.back();
  });
});
