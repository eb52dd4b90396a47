/* « Votre commune ou code postal » et « quartier prioritaire » dans « Trouver mes aides » : propose les communes des départements
   du site (trouver/communes.json, servi par le site : aucune requête ailleurs, marche hors ligne) et
   ne garde les aides réservées à une intercommunalité ou une commune que pour les structures situées là.
   Branché sur trouver.js par window.trouverAccroches ; le choix va dans l'adresse (?commune=62427)
   et reste dans ce navigateur comme le département. */
(function () {
  "use strict";

  var racine = document.getElementById("trouver");
  var saisie = document.getElementById("trouver-commune");
  if (!racine || !saisie) return;
  var formulaire = racine.querySelector("form");
  var propositions = document.getElementById("trouver-communes");
  var annonce = document.getElementById("trouver-commune-choisie");
  var CLE = "aides-ess.commune";
  var MAX = 12;
  var C = null;             // communes.json, une fois chargé
  var chargement = null;
  var choisie = null;       // { insee, nom, cp, epci, dep }
  var voulue = "";          // code INSEE demandé (adresse ou mémoire) avant le chargement

  function lire() { try { return localStorage.getItem(CLE) || ""; } catch (e) { return ""; } }
  function garder(v) { try { if (v) localStorage.setItem(CLE, v); else localStorage.removeItem(CLE); } catch (e) { /* navigation privée */ } }

  function normaliser(t) {
    return t.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  }

  function charger() {
    if (!chargement) {
      chargement = fetch(saisie.dataset.communes)
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (d) {
          d.communes.forEach(function (c) { c.cle = normaliser(c[1]); });
          C = d;
          return d;
        });
    }
    return chargement;
  }

  function libelle(c) {
    return c[1] + " (" + c[2].split(" ")[0] + ")";
  }

  function depuis(c) {
    var epci = c[3] >= 0 ? C.epci[c[3]] : null;
    return { insee: c[0], nom: c[1], epci: epci ? epci[0] : "", nomEpci: epci ? epci[1] : "", dep: c[4], texte: libelle(c) };
  }

  function trouver(insee) {
    var c = C && C.communes.find(function (x) { return x[0] === insee; });
    return c ? depuis(c) : null;
  }

  function annoncer() {
    annonce.textContent = choisie ? "Intercommunalité : " + (choisie.nomEpci || "aucune") + "." : "";
  }

  // Choisir une commune : son département devient celui du filtre, puis trouver.js recalcule la liste.
  function choisir(commune, relancer) {
    choisie = commune;
    voulue = "";
    garder(commune ? commune.insee : "");
    if (commune) {
      saisie.value = commune.texte;
      formulaire.elements.departement.value = commune.dep;
    }
    annoncer();
    if (relancer) formulaire.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function proposer() {
    var t = normaliser(saisie.value);
    propositions.replaceChildren();
    if (!C || t.length < 2) return;
    var chiffres = /^\d+$/.test(t);
    var trouvees = C.communes.filter(function (c) {
      return chiffres ? c[2].split(" ").some(function (cp) { return cp.indexOf(t) === 0; }) : c.cle.indexOf(t) === 0;
    }).slice(0, MAX);
    trouvees.forEach(function (c) {
      var o = document.createElement("option");
      o.value = libelle(c);
      propositions.appendChild(o);
    });
  }

  function reconnaitre() {
    var texte = saisie.value.trim();
    if (!texte) return null;
    var c = C.communes.find(function (x) { return libelle(x) === texte; });
    if (!c) {
      // Un nom ou un code postal seul, s'il ne désigne qu'une commune.
      var t = normaliser(texte);
      var memes = C.communes.filter(function (x) { return x.cle === t || x[2].split(" ").indexOf(t) >= 0; });
      c = memes.length === 1 ? memes[0] : null;
    }
    return c ? depuis(c) : null;
  }

  function oublier() {
    if (!choisie) return;
    choisie = null;
    garder("");
    annoncer();
    formulaire.dispatchEvent(new Event("change", { bubbles: true }));
  }

  saisie.addEventListener("input", function () {
    // Champ vidé : plus de commune. Sinon la commune choisie vaut jusqu'à ce qu'une autre soit reconnue.
    if (!saisie.value.trim()) { oublier(); return; }
    charger().then(function () {
      proposer();
      // Une proposition prise dans la liste : choisie tout de suite.
      var c = C.communes.find(function (x) { return libelle(x) === saisie.value; });
      if (c && (!choisie || c[0] !== choisie.insee)) choisir(depuis(c), true);
    }).catch(function () {});
  });
  saisie.addEventListener("change", function () {
    if (!saisie.value.trim()) return;
    charger().then(function () {
      var c = reconnaitre();
      if (c && (!choisie || c.insee !== choisie.insee)) choisir(c, true);
      if (!c) {
        oublier();
        annonce.textContent = "Commune non reconnue : choisissez-la dans la liste proposée.";
      }
    }).catch(function () {});
  });
  formulaire.elements.departement.addEventListener("change", function () {
    // Un autre département que celui de la commune : la commune ne vaut plus.
    if (choisie && formulaire.elements.departement.value !== choisie.dep) {
      choisie = null;
      saisie.value = "";
      garder("");
      annoncer();
    }
  });
  formulaire.addEventListener("reset", function () { choisie = null; voulue = ""; garder(""); annoncer(); });

  function depuisLAdresse() {
    var p = new URLSearchParams(location.search);
    return p.get("commune") || (location.search ? "" : lire());
  }

  function retrouver(insee) {
    // Sans commune dans l'adresse (lien partagé), celle gardée dans le navigateur n'est pas oubliée.
    if (!insee) { choisie = null; voulue = ""; saisie.value = ""; annoncer(); return; }
    voulue = insee;
    charger().then(function () {
      var c = trouver(insee);
      if (voulue === insee) choisir(c, true);
    }).catch(function () {});
  }

  function quartier() {
    var coche = formulaire.querySelector("input[name=quartier]:checked");
    return coche ? coche.value : "";
  }

  function remplirQuartier() {
    var v = new URLSearchParams(location.search).get("quartier") || "";
    formulaire.querySelectorAll("input[name=quartier]").forEach(function (r) { r.checked = r.value === v; });
    if (!formulaire.querySelector("input[name=quartier]:checked")) formulaire.querySelector("input[name=quartier][value='']").checked = true;
  }

  formulaire.addEventListener("change", function (e) {
    // Les aides réservées aux quartiers prioritaires sont dans communes.json : chargé au premier « Non ».
    if (e.target.name === "quartier" && !C) charger().then(function () { formulaire.dispatchEvent(new Event("change", { bubbles: true })); }).catch(function () {});
  });

  window.addEventListener("popstate", function () { remplirQuartier(); retrouver(depuisLAdresse()); });

  window.trouverAccroches = {
    // Une aide réservée à une intercommunalité ou une commune : seulement pour une commune de chez elle.
    garder: function (a) {
      var r = C && C.aides[a.i];
      if (!r) return true;
      // « Non, mon action ne touche pas de quartier prioritaire » : le lecteur le dit, le site ne le vérifie pas.
      if (quartier() === "non" && r.r.indexOf("quartier-prioritaire") >= 0) return false;
      if (!choisie || !r.c.length) return true;
      var siens = ["COM-" + choisie.insee, choisie.epci];
      if (r.x.some(function (c) { return siens.indexOf(c) >= 0; })) return false;
      return r.d.indexOf(choisie.dep) >= 0 || r.c.some(function (c) { return siens.indexOf(c) >= 0; });
    },
    adresse: function (p) {
      var insee = choisie ? choisie.insee : voulue;
      if (insee) p.append("commune", insee);
      if (quartier()) p.append("quartier", quartier());
    },
    demarrer: function () {
      remplirQuartier();
      retrouver(depuisLAdresse());
      if (quartier()) charger().then(function () { formulaire.dispatchEvent(new Event("change", { bubbles: true })); }).catch(function () {});
    }
  };
})();
