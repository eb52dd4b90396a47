/* « Ma sélection » : une courte liste d'aides gardée dans ce navigateur (localStorage : ni cookie, ni compte,
   rien n'est envoyé), partageable par son adresse, imprimable. Les statuts sont recalculés au jour du lecteur
   avec les règles de trouver.js (window.AidesESS). Aucune donnée n'est insérée comme HTML, sauf le code QR
   que dessine la bibliothèque qrcode-generator, servie par le site. */
(function () {
  "use strict";

  var CLE = "aides-ess.selection";
  var CLE_NOTES = "aides-ess.notes";
  var CLE_DEPARTEMENT = "aides-ess.departement";
  var IDENTIFIANT = /^[a-z0-9]+(-[a-z0-9]+)*$/;

  function lire(cle, defaut) {
    try {
      var v = JSON.parse(localStorage.getItem(cle));
      return v === null || v === undefined ? defaut : v;
    } catch (e) { return defaut; }
  }
  function ecrire(cle, valeur) {
    try { localStorage.setItem(cle, JSON.stringify(valeur)); } catch (e) { /* navigation privée : la liste vit le temps de la page */ }
  }
  function propre(liste) {
    var vus = {};
    return (Array.isArray(liste) ? liste : []).filter(function (x) {
      if (typeof x !== "string" || x.length > 80 || !IDENTIFIANT.test(x) || vus[x]) return false;
      vus[x] = true;
      return true;
    });
  }
  function maSelection() { return propre(lire(CLE, [])); }
  function notes() { var n = lire(CLE_NOTES, {}); return n && typeof n === "object" ? n : {}; }

  function racine() { return window.__md_scope ? new URL(".", window.__md_scope) : new URL("/", location.href); }
  function adressePage() { return new URL("ma-selection/", racine()); }

  var annonce = document.createElement("p");
  annonce.className = "selection-annonce";
  annonce.setAttribute("role", "status");
  annonce.setAttribute("aria-live", "polite");
  document.body.appendChild(annonce);
  function annoncer(texte) { annonce.textContent = ""; setTimeout(function () { annonce.textContent = texte; }, 50); }

  function majCompte() {
    var n = maSelection().length;
    document.querySelectorAll("[data-selection-compte]").forEach(function (el) { el.textContent = String(n); });
  }

  function garder(liste, message) {
    ecrire(CLE, propre(liste));
    majCompte();
    document.querySelectorAll(".selection-bouton").forEach(function (b) { b.maj(); });
    if (message) annoncer(message);
  }

  // --- Le bouton « Ajouter à ma sélection », sur les cartes et sur les fiches

  function bouton(id, titre) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "selection-bouton md-button";
    b.dataset.aide = id;
    b.maj = function () {
      var dedans = maSelection().indexOf(id) >= 0;
      b.setAttribute("aria-pressed", dedans ? "true" : "false");
      b.textContent = dedans ? "Retirer de ma sélection" : "Ajouter à ma sélection";
      b.setAttribute("aria-label", (dedans ? "Retirer de ma sélection : " : "Ajouter à ma sélection : ") + titre);
    };
    b.addEventListener("click", function () {
      var liste = maSelection();
      var i = liste.indexOf(id);
      if (i >= 0) { liste.splice(i, 1); garder(liste, "« " + titre + " » retirée de votre sélection (" + liste.length + ")."); }
      else { liste.push(id); garder(liste, "« " + titre + " » ajoutée à votre sélection (" + liste.length + ")."); }
    });
    b.maj();
    return b;
  }

  function identifiantDe(lien) {
    var m = (lien.getAttribute("href") || "").match(/aides\/([a-z0-9-]+)\/?$/);
    return m ? m[1] : null;
  }

  function equiperCartes(zone) {
    zone.querySelectorAll(".aide-carte").forEach(function (carte) {
      if (carte.querySelector(".selection-bouton")) return;
      var lien = carte.querySelector("a[href*='aides/']");
      var id = lien && identifiantDe(lien);
      if (!id) return;
      var p = document.createElement("p");
      p.className = "aide-carte__selection";
      p.appendChild(bouton(id, lien.textContent.trim()));
      carte.appendChild(p);
    });
  }

  equiperCartes(document);
  var resultats = document.getElementById("trouver-resultats");
  if (resultats && window.MutationObserver) {
    new MutationObserver(function () { equiperCartes(resultats); }).observe(resultats, { childList: true });
  }
  // Les résultats de la recherche Pagefind : une carte par aide trouvée, quand son lien mène à une fiche.
  var recherche = document.getElementById("recherche-ui");
  if (recherche && window.MutationObserver) {
    new MutationObserver(function () {
      recherche.querySelectorAll(".pagefind-ui__result").forEach(function (r) {
        if (r.querySelector(".selection-bouton")) return;
        var lien = r.querySelector("a.pagefind-ui__result-link");
        var id = lien && identifiantDe(lien);
        if (id) r.appendChild(bouton(id, lien.textContent.trim()));
      });
    }).observe(recherche, { childList: true, subtree: true });
  }

  var surFiche = document.querySelector(".en-bref .statut-du-jour[data-aide]");
  var actions = document.querySelector(".en-bref__actions");
  if (surFiche && actions) {
    var titre = (document.querySelector(".md-content h1") || {}).textContent || surFiche.dataset.aide;
    actions.insertBefore(bouton(surFiche.dataset.aide, titre.trim()), actions.firstChild);
  }

  // Dans l'en-tête : le lien vers la sélection et son nombre d'aides.
  var entete = document.querySelector(".md-header__inner");
  if (entete) {
    var lienEntete = document.createElement("a");
    lienEntete.className = "selection-entete md-header__button";
    lienEntete.href = adressePage().href;
    lienEntete.appendChild(document.createTextNode("Sélection ("));
    lienEntete.title = "Ma sélection";
    var compte = document.createElement("span");
    compte.dataset.selectionCompte = "";
    lienEntete.appendChild(compte);
    lienEntete.appendChild(document.createTextNode(")"));
    var avant = entete.querySelector("[data-recherche]") || entete.lastChild;
    entete.insertBefore(lienEntete, avant);
  }
  majCompte();

  // --- La page « Ma sélection »

  var page = document.getElementById("selection-page");
  if (!page) return;
  page.hidden = false;
  var listeEl = page.querySelector(".selection-liste");
  var etat = page.querySelector(".selection-etat");
  var partage = page.querySelector(".selection-partage");
  var params = new URLSearchParams(location.search);
  var partagee = params.has("a") ? propre((params.get("a") || "").split(",")) : null;
  var D = null;

  function ids() { return partagee || maSelection(); }

  function adresseDePartage(liste) {
    var u = adressePage();
    u.search = liste.length ? "?a=" + liste.join(",") : "";
    return u.href;
  }

  function texte(balise, contenu, classe) {
    var el = document.createElement(balise);
    if (classe) el.className = classe;
    el.textContent = contenu;
    return el;
  }

  function departementDuLecteur() {
    var d = "";
    try { d = localStorage.getItem(CLE_DEPARTEMENT) || ""; } catch (e) { d = ""; }
    var i = D.departements.findIndex(function (x) { return x[0] === d; });
    return i >= 0 ? { numero: d, bit: 1 << i } : { numero: "", bit: 0 };
  }

  function deplacer(id, sens) {
    var liste = maSelection();
    var i = liste.indexOf(id), j = i + sens;
    if (i < 0 || j < 0 || j >= liste.length) return;
    liste.splice(j, 0, liste.splice(i, 1)[0]);
    garder(liste, "Aide déplacée en position " + (j + 1) + ".");
    afficher(id, sens > 0 ? "bas" : "haut");
  }

  function element(id, dep, jour, parIdentifiant) {
    var li = document.createElement("li");
    li.className = "selection-aide";
    li.dataset.aide = id;
    var a = parIdentifiant[id];
    if (!a) {
      li.appendChild(texte("p", "Cette aide n'est plus au catalogue (identifiant « " + id + " »).", "selection-aide__retiree"));
    } else {
      var titre = document.createElement("h2");
      titre.className = "selection-aide__titre";
      var lien = document.createElement("a");
      lien.href = new URL("aides/" + id + "/", racine()).href;
      lien.textContent = a.t + (a.g ? " (" + a.g + ")" : "");
      titre.appendChild(lien);
      li.appendChild(titre);
      var s = window.AidesESS.statut(a, jour, dep.bit, D);
      var statut = document.createElement("p");
      statut.className = "selection-aide__statut";
      var badge = texte("span", D.statuts[s.code][0], "statut statut--" + s.code);
      badge.dataset.statut = s.code;
      statut.appendChild(badge);
      statut.appendChild(document.createTextNode(" " + window.AidesESS.echeance(s)));
      li.appendChild(statut);
      var dl = document.createElement("dl");
      dl.className = "selection-aide__essentiel";
      function ligne(nom, valeur) { dl.appendChild(texte("dt", nom)); dl.appendChild(valeur); }
      ligne("Combien", texte("dd", a.m || "Montant non publié"));
      ligne("Où", texte("dd", D.territoires[a.l] || ""));
      var qui = document.createElement("dd");
      var contacts = (a.w || []).slice().sort(function (x, y) {
        return (y[3].split(" ").indexOf(dep.numero) >= 0) - (x[3].split(" ").indexOf(dep.numero) >= 0);
      });
      if (!contacts.length) qui.textContent = "Coordonnées non publiées";
      contacts.forEach(function (c, k) {
        if (k) qui.appendChild(document.createElement("br"));
        qui.appendChild(texte("strong", c[0]));
        if (c[1]) {
          qui.appendChild(document.createTextNode(" · "));
          var tel = texte("a", c[1]);
          tel.href = "tel:" + c[1].replace(/[ .]/g, "");
          qui.appendChild(tel);
        }
        if (c[2]) {
          qui.appendChild(document.createTextNode(" · "));
          var web = texte("a", c[2].replace(/^(https?:\/\/|mailto:)/, "").replace(/\/$/, ""));
          web.href = c[2];
          qui.appendChild(web);
        }
      });
      ligne("Qui appeler", qui);
      li.appendChild(dl);
    }
    if (!partagee) {
      var note = document.createElement("p");
      note.className = "selection-aide__note";
      var etiquette = texte("label", "Votre note (gardée dans ce navigateur) :");
      var champ = document.createElement("input");
      champ.type = "text";
      champ.id = "note-" + id;
      etiquette.htmlFor = champ.id;
      champ.maxLength = 300;
      champ.value = notes()[id] || "";
      champ.addEventListener("input", function () {
        var n = notes();
        if (champ.value) n[id] = champ.value; else delete n[id];
        ecrire(CLE_NOTES, n);
        imprimee.textContent = champ.value ? "Note : " + champ.value : "";
      });
      var imprimee = texte("span", champ.value ? "Note : " + champ.value : "", "selection-aide__note-imprimee");
      note.appendChild(etiquette);
      note.appendChild(champ);
      note.appendChild(imprimee);
      li.appendChild(note);
      var outils = document.createElement("p");
      outils.className = "selection-aide__outils";
      [["Monter", -1, "haut"], ["Descendre", 1, "bas"]].forEach(function (o) {
        var b = texte("button", o[0], "md-button");
        b.type = "button";
        b.dataset.sens = o[2];
        b.setAttribute("aria-label", o[0] + " : " + (a ? a.t : id));
        b.addEventListener("click", function () { deplacer(id, o[1]); });
        outils.appendChild(b);
      });
      var retirer = texte("button", "Retirer", "md-button");
      retirer.type = "button";
      retirer.setAttribute("aria-label", "Retirer de ma sélection : " + (a ? a.t : id));
      retirer.addEventListener("click", function () {
        garder(maSelection().filter(function (x) { return x !== id; }), "Aide retirée de votre sélection.");
        afficher();
      });
      outils.appendChild(retirer);
      li.appendChild(outils);
    }
    return li;
  }

  function dessinerQr(adresse) {
    var zone = partage.querySelector(".selection-partage__qr");
    zone.textContent = "";
    if (!window.qrcode) return;
    var qr = window.qrcode(0, "M");
    qr.addData(adresse);
    qr.make();
    // Le SVG vient de la bibliothèque et ne contient que l'adresse encodée : on l'insère tel quel.
    zone.innerHTML = qr.createSvgTag({ cellSize: 4, margin: 4, scalable: true, alt: "Code QR de cette liste : " + adresse });
  }

  function chargerQr(adresse) {
    if (window.qrcode) { dessinerQr(adresse); return; }
    var script = document.createElement("script");
    script.src = new URL("assets/vendor/qrcode.js", racine()).href;
    script.onload = function () { dessinerQr(adresse); };
    document.head.appendChild(script);
  }

  function afficher(focusId, sens) {
    var liste = ids();
    var dep = departementDuLecteur();
    var jour = window.AidesESS.jourLocal();
    var parIdentifiant = {};
    D.aides.forEach(function (a) { parIdentifiant[a.i] = a; });
    listeEl.textContent = "";
    liste.forEach(function (id) { listeEl.appendChild(element(id, dep, jour, parIdentifiant)); });
    etat.textContent = liste.length
      ? (partagee ? "Liste partagée : " : "Votre sélection : ") + liste.length + " aide" + (liste.length > 1 ? "s" : "") +
        ", statuts au " + window.AidesESS.dateFr(jour) + "."
      : "Votre sélection est vide. Ajoutez des aides avec le bouton « Ajouter à ma sélection » des listes, de « Trouver mes aides » et des fiches.";
    partage.hidden = !liste.length;
    var adresse = adresseDePartage(liste);
    var champ = partage.querySelector(".selection-partage__adresse");
    champ.value = adresse;
    chargerQr(adresse);
    var garderPartage = page.querySelector(".selection-garder");
    garderPartage.hidden = !partagee;
    if (focusId) {
      var b = listeEl.querySelector("li[data-aide='" + focusId + "'] button[data-sens='" + sens + "']");
      if (b) b.focus();
    }
  }

  partage.querySelector(".selection-copier").addEventListener("click", function () {
    var champ = partage.querySelector(".selection-partage__adresse");
    function fait() { annoncer("Lien copié : collez-le dans un courriel ou un message."); }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(champ.value).then(fait, function () { champ.select(); document.execCommand("copy"); fait(); });
    } else { champ.select(); document.execCommand("copy"); fait(); }
  });
  page.querySelector(".selection-garder").addEventListener("click", function () {
    garder(partagee, "Cette liste est maintenant votre sélection.");
    partagee = null;
    history.replaceState(null, "", adressePage().pathname);
    afficher();
  });
  page.querySelector(".selection-imprimer").addEventListener("click", function () { window.print(); });

  fetch(new URL("trouver/donnees.json", racine()))
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (donnees) { D = donnees; afficher(); })
    .catch(function () { etat.textContent = "Les données des aides n'ont pas pu être chargées : rechargez la page."; });
})();
