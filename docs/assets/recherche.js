/* Recherche du site : l'API de Pagefind (pagefind/pagefind.js), chargée au premier usage dans le panneau de l'en-tête.
   Pagefind gère accents, élisions et pluriels ; les synonymes et les mots à ne pas confondre sont dans l'index
   (generateur/site/recherche.py). L'ordre : les aides en cours (les demandables pèsent plus, POIDS_DEMANDABLE), puis les autres pages, puis, si le lecteur le
   demande, les aides closes ; dans chaque groupe, l'ordre de pertinence de Pagefind (filtre « groupe », overrides/main.html).
   Aucun texte de l'index n'est inséré comme HTML : seul <mark> est recréé autour des mots trouvés. */
(function () {
  "use strict";

  var PAR_GROUPE = 10;
  var configuration = JSON.parse((document.getElementById("__config") || {}).textContent || "{}");
  var base = new URL((configuration.base || ".").replace(/\/?$/, "/"), location.href);
  var regles = {};
  var moteur = null;

  function sansAccents(mot) {
    return mot.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* « l'embauche », « d’emploi » → « embauche », « emploi » ; « loyer » → son jeton (mots distincts). */
  function preparer(terme) {
    var sansElisions = terme.replace(/(^|[\s(«"])(?:qu|[cdjlmnst])['’]/gi, "$1").trim();
    return sansElisions.split(/\s+/).map(function (mot) {
      return regles[sansAccents(mot)] || mot;
    }).join(" ");
  }

  function charger() {
    if (moteur) return moteur;
    var pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (pf) {
      return pf.options({ baseUrl: base.pathname, excerptLength: 24 }).then(function () { return pf; });
    });
    var mots = fetch(new URL("assets/recherche-mots.json", base).href)
      .then(function (r) { return r.ok ? r.json() : {}; })
      .then(function (d) { regles = d.distincts || {}; })
      .catch(function () { /* sans les règles, la recherche marche avec la racinisation seule */ });
    moteur = Promise.all([pagefind, mots]).then(function (r) { return r[0]; });
    moteur.catch(function () { moteur = null; });
    return moteur;
  }

  /* Les trois groupes de résultats, chacun dans l'ordre de Pagefind, et le nombre d'aides closes trouvées. */
  function chercher(terme, avecCloses) {
    return charger().then(function (pf) {
      var q = preparer(terme);
      if (!q) return { enCours: [], pages: [], closes: [], nombreCloses: 0 };
      return Promise.all([
        pf.search(q, { filters: { groupe: "aide-en-cours" } }),
        pf.search(q, { filters: { groupe: "page" } }),
        pf.search(q, { filters: { groupe: "aide-close" } })
      ]).then(function (r) {
        return {
          enCours: r[0].results, pages: r[1].results,
          closes: avecCloses ? r[2].results : [], nombreCloses: r[2].results.length
        };
      });
    });
  }

  /* Adresses trouvées, dans l'ordre affiché (pour les tests et le banc). */
  function adresses(terme, avecCloses) {
    return chercher(terme, avecCloses).then(function (g) {
      return Promise.all(g.enCours.concat(g.pages, g.closes).map(function (x) {
        return x.data().then(function (d) { return { url: d.url, statut: d.meta.statut || "" }; });
      }));
    });
  }

  window.AidesESSRecherche = { preparer: preparer, charger: charger, chercher: chercher, adresses: adresses };

  var zone = document.querySelector("[data-recherche]");
  if (!zone) return;
  var bouton = zone.querySelector(".recherche__bouton");
  var panneau = zone.querySelector(".recherche__panneau");
  var fermer = zone.querySelector(".recherche__fermer");
  var ui = panneau.querySelector(".recherche__ui");
  var formulaire = construireFormulaire();
  var champ = formulaire.querySelector("input[type=search]");
  var archives = formulaire.querySelector("input[type=checkbox]");
  var libelleArchives = formulaire.querySelector(".recherche__archives-libelle");
  var message = formulaire.querySelector(".recherche__message");
  var liste = formulaire.querySelector(".recherche__resultats");
  var numero = 0;

  function element(nom, classe, texte) {
    var e = document.createElement(nom);
    if (classe) e.className = classe;
    if (texte) e.textContent = texte;
    return e;
  }

  function construireFormulaire() {
    var f = element("form", "recherche__formulaire");
    f.setAttribute("role", "search");
    f.innerHTML =
      '<div class="recherche__ligne">' +
      '<input type="search" class="recherche__champ" name="q" autocomplete="off" aria-label="Rechercher dans le site"' +
      ' placeholder="Un mot, un sigle : trésorerie, FDVA, embauche…">' +
      '<button type="button" class="recherche__effacer">Effacer</button></div>' +
      '<label class="recherche__archives"><input type="checkbox" name="archives" value="oui"> ' +
      '<span class="recherche__archives-libelle">Inclure les aides closes</span></label>' +
      '<p class="recherche__message" aria-live="polite"></p>' +
      '<ol class="recherche__resultats"></ol>';
    ui.replaceChildren(f);
    f.addEventListener("submit", function (e) { e.preventDefault(); });
    return f;
  }

  /* L'extrait de Pagefind : du texte, avec <mark> autour des mots trouvés. */
  function extrait(html) {
    var p = element("p", "recherche__extrait");
    var morceaux = html.split(/(<mark>|<\/mark>)/);
    var dansMarque = false;
    var lecteur = element("textarea");
    morceaux.forEach(function (m) {
      if (m === "<mark>") { dansMarque = true; return; }
      if (m === "</mark>") { dansMarque = false; return; }
      lecteur.innerHTML = m;  // textarea : les entités deviennent du texte, aucune balise n'est créée
      var texte = document.createTextNode(lecteur.value);
      if (dansMarque) { var k = element("mark"); k.appendChild(texte); p.appendChild(k); } else p.appendChild(texte);
    });
    return p;
  }

  function resultat(d) {
    var li = element("li", "recherche__resultat");
    var titre = element("p", "recherche__titre");
    var lien = element("a", "recherche__lien", d.meta.title || d.url);
    lien.href = d.url;
    titre.appendChild(lien);
    if (d.meta.statut) {
      titre.appendChild(document.createTextNode(" "));
      var badge = element("span", "statut statut--" + d.meta.statut, d.meta.statut_libelle || d.meta.statut);
      badge.dataset.statut = d.meta.statut;
      titre.appendChild(badge);
    }
    li.appendChild(titre);
    li.appendChild(extrait(d.excerpt || ""));
    return li;
  }

  function groupe(titre, resultats, n) {
    var items = [];
    if (!resultats.length) return Promise.resolve(items);
    var entete = element("li", "recherche__groupe", titre);
    entete.setAttribute("aria-hidden", "true");
    return Promise.all(resultats.slice(0, n).map(function (r) { return r.data(); })).then(function (donnees) {
      return [entete].concat(donnees.map(resultat));
    });
  }

  function pluriel(n, un, plusieurs) { return n + " " + (n > 1 ? plusieurs : un); }

  function garderDansLAdresse(terme) {
    var p = new URLSearchParams(location.search);
    if (terme) p.set("q", terme); else p.delete("q");
    if (terme && archives.checked) p.set("archives", "oui"); else p.delete("archives");
    var q = p.toString();
    history.replaceState(history.state, "", location.pathname + (q ? "?" + q : "") + location.hash);
  }

  function lancer() {
    var terme = champ.value.trim();
    var ici = ++numero;
    garderDansLAdresse(terme);
    if (!terme) { message.textContent = ""; liste.replaceChildren(); libelleArchives.textContent = "Inclure les aides closes"; return; }
    chercher(terme, archives.checked).then(function (g) {
      if (ici !== numero) return null;
      libelleArchives.textContent = "Inclure les aides closes (" + g.nombreCloses + " pour cette recherche)";
      return Promise.all([
        groupe("Aides en cours", g.enCours, PAR_GROUPE),
        groupe("Autres pages", g.pages, 5),
        groupe("Aides closes", g.closes, PAR_GROUPE)
      ]).then(function (parties) {
        if (ici !== numero) return;
        var n = g.enCours.length;
        var texte = g.enCours.length + g.pages.length + g.closes.length === 0
          ? "Aucun résultat pour « " + terme + " »."
          : pluriel(n, "aide en cours", "aides en cours") + " et " + pluriel(g.pages.length, "autre page", "autres pages") +
            (archives.checked ? " et " + pluriel(g.closes.length, "aide close", "aides closes") : "") + " pour « " + terme + " ».";
        message.textContent = texte;
        liste.replaceChildren.apply(liste, parties[0].concat(parties[1], parties[2]));
      });
    }).catch(function () {
      message.textContent = "La recherche n'a pas pu être chargée. Parcourez les aides depuis le menu.";
    });
  }

  var attente = null;
  champ.addEventListener("input", function () { clearTimeout(attente); attente = setTimeout(lancer, 150); });
  archives.addEventListener("change", lancer);
  formulaire.querySelector(".recherche__effacer").addEventListener("click", function () {
    champ.value = "";
    lancer();
    champ.focus();
  });

  function ouvrir() {
    panneau.hidden = false;
    bouton.setAttribute("aria-expanded", "true");
    champ.focus();
    charger().catch(function () {
      message.textContent = "La recherche n'a pas pu être chargée. Parcourez les aides depuis le menu.";
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

  // Une recherche partagée par son adresse (?q=…) se rouvre telle quelle.
  var demandee = new URLSearchParams(location.search);
  if (demandee.get("q")) {
    champ.value = demandee.get("q");
    archives.checked = demandee.get("archives") === "oui";
    ouvrir();
    lancer();
  }
})();
