/* yizhan serve: reload the page when the preview is rebuilt (never part of the published site). */
(function () {
  var version = document.currentScript.getAttribute("data-version");
  function wait() {
    fetch("/__yizhan__/wait?since=" + encodeURIComponent(version), {cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (String(data.version) !== String(version)) { location.reload(); } else { wait(); }
      })
      .catch(function () { setTimeout(wait, 1000); });  /* server restarting: try again */
  }
  wait();
  var close = document.getElementById("yizhan-serve-close");
  if (close) {
    close.addEventListener("click", function () {
      document.getElementById("yizhan-serve-problems").remove();
    });
  }
})();
