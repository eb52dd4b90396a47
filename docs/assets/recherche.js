/* Recherche du site : l'interface de Pagefind, chargée au premier usage dans le panneau de l'en-tête.
   Pagefind gère accents, élisions et pluriels ; les synonymes sont dans l'index (generateur/recherche.py). */
(function () {
  "use strict";

  /* « l'embauche », « d’emploi » → « embauche », « emploi » : la recherche porte sur le mot. */
  function preparer(terme) {
    return terme.replace(/(^|[\s(«"])(?:qu|[cdjlmnst])['’]/gi, "$1").trim();
  }
  window.AidesESSRecherche = { preparer: preparer };

  var zone = document.querySelector("[data-recherche]");
  if (!zone) return;
  var bouton = zone.querySelector(".recherche__bouton");
  var panneau = zone.querySelector(".recherche__panneau");
  var fermer = zone.querySelector(".recherche__fermer");
  var configuration = JSON.parse((document.getElementById("__config") || {}).textContent || "{}");
  var base = new URL((configuration.base || ".").replace(/\/?$/, "/"), location.href);
  var chargement = null;

  function charger() {
    if (chargement) return chargement;
    chargement = new Promise(function (resolu, rejete) {
      var style = document.createElement("link");
      style.rel = "stylesheet";
      style.href = new URL("pagefind/pagefind-ui.css", base).href;
      document.head.appendChild(style);
      var script = document.createElement("script");
      script.src = new URL("pagefind/pagefind-ui.js", base).href;
      script.onload = resolu;
      script.onerror = rejete;
      document.head.appendChild(script);
    }).then(function () {
      new window.PagefindUI({
        element: "#recherche-ui",
        bundlePath: new URL("pagefind/", base).pathname,
        baseUrl: base.pathname,
        showImages: false,
        resetStyles: false,
        processTerm: preparer,
        translations: { placeholder: "Un mot, un sigle : trésorerie, FDVA, embauche…" }
      });
      // Pagefind ne nomme son champ que par « title » : on lui donne un vrai nom accessible.
      var champ = panneau.querySelector(".pagefind-ui__search-input");
      if (champ) champ.setAttribute("aria-label", "Rechercher dans le site");
    }).catch(function () {
      chargement = null;
      var erreur = document.createElement("p");
      erreur.textContent = "La recherche n'a pas pu être chargée. Parcourez les aides depuis le menu.";
      panneau.querySelector(".recherche__ui").replaceChildren(erreur);
    });
    return chargement;
  }

  function ouvrir() {
    panneau.hidden = false;
    bouton.setAttribute("aria-expanded", "true");
    charger().then(function () {
      var champ = panneau.querySelector("input");
      if (champ) champ.focus();
    });
  }

  function refermer(rendreLeFocus) {
    if (panneau.hidden) return;
    panneau.hidden = true;
    bouton.setAttribute("aria-expanded", "false");
    if (rendreLeFocus) bouton.focus();
  }

  bouton.addEventListener("click", function () { panneau.hidden ? ouvrir() : refermer(true); });
  fermer.addEventListener("click", function () { refermer(true); });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && !panneau.hidden) refermer(true);
    var cible = e.target;
    var saisie = cible.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(cible.tagName);
    if (e.key === "/" && !saisie && panneau.hidden) { e.preventDefault(); ouvrir(); }
  });
  document.addEventListener("click", function (e) { if (!zone.contains(e.target)) refermer(false); });
})();
