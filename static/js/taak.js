// The progress bar of a background task (taken/templates/taken/taak.html): ask the server once a second how
// far the task is; once it has ended, reload the page, which then shows the result (or goes on to it).
// A file of its own, no inline script: the Content-Security-Policy allows only scripts from 'self'.
(function () {
  "use strict";
  var blok = document.getElementById("taak");
  if (!blok || !blok.dataset.voortgang) { return; }
  var balk = document.getElementById("taak-balk");
  var telling = document.getElementById("taak-telling");
  var status = document.getElementById("taak-status");

  function toon(stand) {
    if (stand.afgelopen) { window.location.reload(); return false; }
    if (stand.procent !== null) { balk.value = stand.procent; balk.textContent = stand.procent + "%"; }
    telling.textContent = stand.totaal ? stand.voortgang + " van " + stand.totaal : "";
    if (stand.status === "bezig") { status.textContent = "Bezig…"; }
    return true;
  }

  function vraag() {
    fetch(blok.dataset.voortgang, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (antwoord) {
        if (!antwoord.ok) { throw new Error(antwoord.status); }
        return antwoord.json();
      })
      .then(function (stand) { if (toon(stand)) { window.setTimeout(vraag, 1000); } })
      .catch(function () { window.setTimeout(vraag, 5000); });  // a hiccup: ask again, less often
  }

  window.setTimeout(vraag, 1000);
})();
