// lede's page works without this script; with it, the story list tells the
// reader when new coverage has arrived (the server's ETag changes), and the
// source chips of a sentence open one at a time.
"use strict";
(function () {
  // One open source per sentence, quote or fact: opening a chip closes its neighbours.
  document.addEventListener("toggle", function (event) {
    var opened = event.target;
    if (!opened.open || !opened.classList || !opened.classList.contains("cite")) return;
    var group = opened.parentNode.querySelectorAll("details.cite[open]");
    for (var i = 0; i < group.length; i++) {
      if (group[i] !== opened) group[i].open = false;
    }
  }, true);

  var live = document.getElementById("live");
  if (!live || !window.fetch) return;
  var etag = null;
  function check() {
    fetch("/api/stories?limit=40", { headers: etag ? { "If-None-Match": etag } : {} })
      .then(function (reply) {
        var fresh = reply.headers.get("ETag");
        if (reply.status === 200 && etag && fresh && fresh !== etag) {
          var banner = document.createElement("p");
          banner.className = "banner";
          var link = document.createElement("a");
          link.href = "/";
          link.textContent = "New coverage has arrived: show the latest stories";
          banner.appendChild(link);
          live.replaceWith(banner);
          return;
        }
        if (fresh) etag = fresh;
        setTimeout(check, 15000);
      })
      .catch(function () { setTimeout(check, 60000); });
  }
  check();
})();
