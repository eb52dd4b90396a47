/* « Trouver mes aides » : filtre, dans le navigateur, les aides de trouver/donnees.json.
   Le statut des aides est recalculé avec la date du jour de l'appareil, selon les
   mêmes règles que generateur/regles/statut.py (les tests vérifient qu'elles concordent).
   Aucune donnée de fiche n'est insérée comme HTML : tout passe par textContent. */
(function () {
  "use strict";

  var MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre"];
  var PAR_PAGE = 20;
  var FIN_DES_TEMPS = "9999-12-31";

  // --- Dates : chaînes AAAA-MM-JJ, dont l'ordre alphabétique est l'ordre des dates.

  function deuxChiffres(n) { return (n < 10 ? "0" : "") + n; }

  function jourLocal(d) {
    d = d || new Date();
    return d.getFullYear() + "-" + deuxChiffres(d.getMonth() + 1) + "-" + deuxChiffres(d.getDate());
  }

  function numeroDeJour(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]) / 86400000;
  }

  function dateFr(iso) {
    var p = iso.split("-");
    var jour = +p[2];
    return (jour === 1 ? "1er" : String(jour)) + "\u00a0" + MOIS[+p[1] - 1] + " " + p[0];
  }

  function plusPetite(liste) { return liste.reduce(function (a, b) { return b < a ? b : a; }); }
  function plusGrande(liste) { return liste.reduce(function (a, b) { return b > a ? b : a; }); }

  // --- Statut : copie des règles de generateur/regles/statut.py (même ordre, mêmes noms).

  function Statut(code, dateLimite, ouverture, depuis, informationsDu) {
    return { code: code, date_limite: dateLimite || null, ouverture: ouverture || null, depuis: depuis || null,
      informations_du: informationsDu || null };
  }

  function ouverte(limite, jour, delai) {
    if (limite && numeroDeJour(limite) - numeroDeJour(jour) <= delai) return Statut("bientot-close", limite);
    return Statut("ouverte", limite);
  }

  function isoDeNumero(n) {
    var d = new Date(n * 86400000);
    return d.getUTCFullYear() + "-" + deuxChiffres(d.getUTCMonth() + 1) + "-" + deuxChiffres(d.getUTCDate());
  }

  function ajouterMois(iso, mois) {
    var p = iso.split("-");
    var rang = +p[0] * 12 + (+p[1] - 1) + mois;
    var annee = Math.floor(rang / 12), m = rang % 12;
    var dernier = new Date(Date.UTC(annee, m + 1, 0)).getUTCDate();
    return annee + "-" + deuxChiffres(m + 1) + "-" + deuxChiffres(Math.min(+p[2], dernier));
  }

  // Premier jour où une session compte comme ouverte : son ouverture, sinon sansOuverture jours avant sa date limite.
  function debutDeSession(s, sansOuverture) {
    if (s[0]) return s[0];
    return s[1] ? isoDeNumero(numeroDeJour(s[1]) - sansOuverture) : null;
  }

  /* aide : un enregistrement de donnees.json ; jour : "AAAA-MM-JJ" ;
     bitDepartement : 0 sans département choisi (seules les sessions qui valent partout comptent),
     sinon celles-là plus celles de ce département ; R : les délais de donnees.json. */
  function statut(aide, jour, bitDepartement, R) {
    R = R || {};
    var delai = R.delai === undefined ? 30 : R.delai;
    var sansOuverture = R.sans_ouverture === undefined ? 60 : R.sans_ouverture;
    var validite = R.validite === undefined ? 18 : R.validite;
    var toutes = aide.c || [];
    var derniere = toutes.length ? plusGrande(toutes.map(function (s) { return s[1] || s[0]; })) : null;
    var fermeture = aide.f;
    if (fermeture !== undefined && (fermeture === "" || fermeture < jour)) return Statut("close", null, null, fermeture || derniere);
    var fin = fermeture || null;
    var situation = aide.z || null;
    if (situation && situation[0] === "suspendue") return Statut("suspendue", null, null, situation[1]);

    var siennes = toutes.filter(function (s) {
      return s[2] === undefined || (bitDepartement && (s[2] & bitDepartement) !== 0);
    });
    var ouvertes = siennes.filter(function (s) {
      return debutDeSession(s, sansOuverture) <= jour && (!s[1] || s[1] >= jour);
    });
    if (ouvertes.length) {
      var limites = ouvertes.map(function (s) { return s[1]; }).filter(Boolean);
      return ouverte(limites.length ? plusPetite(limites) : fin, jour, delai);
    }
    var futures = siennes.filter(function (s) { return debutDeSession(s, sansOuverture) > jour; });
    if (futures.length) {
      var prochaine = futures.reduce(function (a, b) {
        var da = debutDeSession(a, sansOuverture), db = debutDeSession(b, sansOuverture);
        if (db !== da) return db < da ? b : a;
        return (b[1] || FIN_DES_TEMPS) < (a[1] || FIN_DES_TEMPS) ? b : a;
      });
      return Statut("a-venir", prochaine[1], prochaine[0]);
    }
    if (aide.k === "ponctuelle" && toutes.length && toutes.every(function (s) { return (s[1] || s[0]) < jour; })) {
      return Statut("close", null, null, derniere);
    }
    if (situation && situation[0] === "a-confirmer") return Statut("a-confirmer");
    if (!aide.p || ajouterMois(aide.p, validite) < jour) return Statut("a-confirmer", null, null, null, aide.p || null);
    if (aide.k === "permanente") {
      var o = ouverte(fin, jour, delai);
      return o.code === "ouverte" ? Statut("permanente", fin) : o;
    }
    if (aide.k === "annuelle") return Statut("annuelle");
    return Statut("a-confirmer");
  }

  function moisFr(iso) {
    var p = iso.split("-");
    return MOIS[+p[1] - 1] + " " + p[0];
  }

  function echeance(s) {
    if (s.code === "close") return s.depuis ? "depuis le " + dateFr(s.depuis) : "date de fin non connue";
    if (s.code === "suspendue") return s.depuis ? "depuis le " + dateFr(s.depuis) : "pas de nouvelles demandes";
    if (s.code === "a-confirmer") return s.informations_du ? "informations de " + moisFr(s.informations_du) : "situation actuelle non confirmée";
    if (s.code === "a-venir") {
      if (!s.ouverture) return "date limite le " + dateFr(s.date_limite) + ", ouverture non publiée";
      return "ouvre le " + dateFr(s.ouverture) + (s.date_limite ? ", date limite le " + dateFr(s.date_limite) : "");
    }
    if (s.date_limite) return "date limite : " + dateFr(s.date_limite);
    if (s.code === "permanente") return "sans date limite";
    if (s.code === "annuelle") return "prochaine session à venir";
    return "sans date limite connue";
  }

  // --- Appariement : les règles écrites sur la page, section « Comment la liste est faite ».

  function indexDe(table, valeur) {
    return table.findIndex(function (t) { return t[0] === valeur; });
  }

  function bitDans(D, departement) {
    var i = D.departements.findIndex(function (d) { return d[0] === departement; });
    return i < 0 ? 0 : 1 << i;
  }

  /* c : les choix du lecteur ; D : donnees.json ; accroches : celles de commune.js (garder : commune, quartier prioritaire). */
  function critere(c, D, accroches) {
    var structure = indexDe(D.structures, c.structure);
    var bit = bitDans(D, c.departement);
    var besoins = c.besoin.map(function (v) { return indexDe(D.besoins, v); }).filter(function (i) { return i >= 0; });
    var types = c.type.map(function (v) { return indexDe(D.types, v); }).filter(function (i) { return i >= 0; });
    var nombre = c.nombre ? +c.nombre : null;
    return {
      structure: function (a) { return structure < 0 || a.s.indexOf(structure) >= 0; },
      departement: function (a) { return !bit || (a.d & bit) !== 0; },
      lieu: function (a) { return !accroches.garder || accroches.garder(a); },
      salaries: function (a) {
        if (c.salaries === "non") return a.e !== 1 && !(a.n > 0);
        if (c.salaries === "oui") {
          if (a.e === 0) return false;
          if (nombre === null) return a.x !== 0;
          return !(a.n !== undefined && a.n > nombre) && !(a.x !== undefined && a.x < nombre);
        }
        return true;
      },
      besoin: function (a) { return !besoins.length || besoins.some(function (b) { return a.b.indexOf(b) >= 0; }); },
      type: function (a) { return !types.length || types.some(function (t) { return a.y.indexOf(t) >= 0; }); }
    };
  }

  window.AidesESS = { statut: statut, jourLocal: jourLocal, dateFr: dateFr, echeance: echeance, critere: critere };

  // --- Sur toutes les pages : les statuts écrits à la construction, recalculés au jour du lecteur,
  // pour qu'un site qui n'a pas été reconstruit n'annonce jamais ouverte une aide close.

  function actualiserStatuts(D, elements) {
    var parIdentifiant = {};
    D.aides.forEach(function (a) { parIdentifiant[a.i] = a; });
    var jour = jourLocal();
    elements.forEach(function (el) {
      var aide = parIdentifiant[el.dataset.aide];
      if (!aide) return;
      var s = statut(aide, jour, 0, D);
      var badge = el.querySelector(".statut");
      badge.className = "statut statut--" + s.code;
      badge.dataset.statut = s.code;
      badge.textContent = D.statuts[s.code][0];
      el.querySelector(".statut-du-jour__echeance").textContent = echeance(s);
    });
  }

  var aActualiser = Array.prototype.filter.call(document.querySelectorAll(".statut-du-jour[data-aide]"), function (el) {
    return el.dataset.construit !== jourLocal();
  });
  if (aActualiser.length && window.__md_scope) {
    fetch(new URL("trouver/donnees.json", window.__md_scope))
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (D) { if (D) actualiserStatuts(D, aActualiser); })
      .catch(function () { /* la page garde les statuts de sa construction */ });
  }

  // --- Le département du lecteur et sa dernière recherche, gardés dans ce navigateur seulement
  //     (localStorage et sessionStorage : ni cookie, ni envoi nulle part).

  var CLE_DEPARTEMENT = "aides-ess.departement";
  var CLE_RESULTATS = "aides-ess.resultats";

  function lire(stockage, cle) {
    try { return window[stockage].getItem(cle) || ""; } catch (e) { return ""; }
  }
  function ecrire(stockage, cle, valeur) {
    try { if (valeur) window[stockage].setItem(cle, valeur); else window[stockage].removeItem(cle); } catch (e) { /* navigation privée */ }
  }

  // Sur une fiche : les contacts du département du lecteur d'abord, ceux des autres départements repliés.
  function contactsDuDepartement(dep) {
    document.querySelectorAll("ul.aide-contacts").forEach(function (liste) {
      var siens = [], partout = [], autres = [];
      Array.prototype.forEach.call(liste.children, function (li) {
        var d = (li.dataset.departements || "").split(" ").filter(Boolean);
        if (!d.length) partout.push(li);
        else if (d.indexOf(dep) >= 0) siens.push(li);
        else autres.push(li);
      });
      siens.forEach(function (li) { li.classList.add("contact--pour-vous"); });
      siens.concat(partout).forEach(function (li) { liste.appendChild(li); });
      if (autres.length) {
        var replie = document.createElement("details");
        var titre = document.createElement("summary");
        titre.textContent = "Contacts des autres départements (" + autres.length + ")";
        var ul = document.createElement("ul");
        ul.className = "aide-contacts aide-contacts--autres";
        autres.forEach(function (li) { ul.appendChild(li); });
        replie.appendChild(titre);
        replie.appendChild(ul);
        liste.parentNode.insertBefore(replie, liste.nextSibling);
      }
      var premier = siens.filter(function (li) { return li.dataset.joignable === "oui"; })[0];
      var enBref = document.querySelector(".en-bref__contact .contact");
      if (premier && enBref) {
        enBref.textContent = "";
        premier.querySelectorAll(".contact__nom, a").forEach(function (n, i) {
          if (i) enBref.appendChild(document.createElement("br"));
          enBref.appendChild(n.cloneNode(true));
        });
      }
    });
    document.querySelectorAll("a[data-vers-appuis]").forEach(function (a) {
      a.hash = "departement-" + dep;
    });
    document.querySelectorAll(".aide-departements li[data-departement='" + dep + "']").forEach(function (li) {
      li.classList.add("pour-vous");
      li.parentNode.insertBefore(li, li.parentNode.firstChild);
    });
  }

  var departementGarde = lire("localStorage", CLE_DEPARTEMENT);
  if (departementGarde) contactsDuDepartement(departementGarde);

  var resultats = lire("sessionStorage", CLE_RESULTATS);
  var retour = document.querySelector(".retour-resultats");
  if (retour && resultats && resultats.indexOf("/trouver/") >= 0) {
    var lienRetour = document.createElement("a");
    lienRetour.href = resultats;
    lienRetour.textContent = "← Retour à mes résultats";
    retour.appendChild(lienRetour);
    retour.hidden = false;
  }

  // --- Les listes longues (besoin, structure, département, type) : resserrées dans le navigateur par les
  //     autres dimensions et par statut. La liste reste dans son ordre (aides ouvertes d'abord) ;
  //     sans JavaScript, tout reste affiché.

  var DEMANDABLES = ["ouverte", "bientot-close", "permanente"];

  function resserrerLesListes(zone) {
    var liste = zone.parentNode.querySelector("ul.aides-liste");
    if (!liste) return;
    var cartes = Array.prototype.slice.call(liste.children);
    var V = JSON.parse(zone.dataset.vocabulaires);
    var ici = zone.dataset.dimension;
    var choix = { structures: "", departements: "", besoins: "", types: "", demandables: false };
    var valeurs = function (li, d) { return (li.dataset[d] || "").split(" ").filter(Boolean); };

    var titre = zone.appendChild(document.createElement("p"));
    titre.className = "resserrer__titre";
    titre.textContent = "Resserrer la liste";

    // Structures : un bouton par structure présente (un toucher), les plus fréquentes d'abord.
    if (ici !== "structures") {
      var comptes = {};
      cartes.forEach(function (li) { valeurs(li, "structures").forEach(function (s) { comptes[s] = (comptes[s] || 0) + 1; }); });
      var boutons = zone.appendChild(document.createElement("div"));
      boutons.className = "resserrer__structures";
      boutons.setAttribute("role", "group");
      boutons.setAttribute("aria-label", "Votre structure");
      V.structures.filter(function (s) { return comptes[s[0]]; })
        .sort(function (a, b) { return comptes[b[0]] - comptes[a[0]]; })
        .forEach(function (s) {
          var b = boutons.appendChild(document.createElement("button"));
          b.type = "button";
          b.className = "resserrer__puce";
          b.dataset.valeur = s[0];
          b.setAttribute("aria-pressed", "false");
          b.textContent = s[1] + " (" + comptes[s[0]] + ")";
          b.addEventListener("click", function () {
            choix.structures = choix.structures === s[0] ? "" : s[0];
            appliquer();
          });
        });
    }
    // Les autres critères, repliés : la liste reste proche du haut de l'écran.
    var plus = zone.appendChild(document.createElement("details"));
    plus.className = "resserrer__plus";
    plus.appendChild(document.createElement("summary")).textContent = "Autres critères : département, besoin, type, statut";
    var menus = {};
    [["departements", "Département", "Tous les départements"], ["besoins", "Besoin", "Tous les besoins"],
     ["types", "Type d'aide", "Tous les types"]].forEach(function (q) {
      if (q[0] === ici) return;
      var presentes = {};
      cartes.forEach(function (li) { valeurs(li, q[0]).forEach(function (v) { presentes[v] = true; }); });
      var etiquette = plus.appendChild(document.createElement("label"));
      etiquette.className = "resserrer__question";
      etiquette.appendChild(document.createTextNode(q[1] + " "));
      var menu = etiquette.appendChild(document.createElement("select"));
      menu.name = q[0];
      menu.appendChild(new Option(q[2], ""));
      V[q[0]].filter(function (v) { return presentes[v[0]]; }).forEach(function (v) { menu.appendChild(new Option(v[1], v[0])); });
      menu.addEventListener("change", function () { choix[q[0]] = menu.value; appliquer(); });
      menus[q[0]] = menu;
    });
    var demandable = plus.appendChild(document.createElement("label"));
    demandable.className = "resserrer__question";
    var caseDemandable = demandable.appendChild(document.createElement("input"));
    caseDemandable.type = "checkbox";
    demandable.appendChild(document.createTextNode(" Seulement celles qu'on peut demander aujourd'hui"));
    caseDemandable.addEventListener("change", function () { choix.demandables = caseDemandable.checked; appliquer(); });
    var etat = zone.appendChild(document.createElement("p"));
    etat.className = "resserrer__etat";
    etat.setAttribute("role", "status");
    var texteEtat = etat.appendChild(document.createElement("span"));
    var toutAfficher = etat.appendChild(document.createElement("button"));
    toutAfficher.type = "button";
    toutAfficher.className = "resserrer__tout";
    toutAfficher.textContent = "Tout afficher";
    toutAfficher.addEventListener("click", function () {
      choix = { structures: "", departements: "", besoins: "", types: "", demandables: false };
      appliquer();
    });

    function garde(li) {
      for (var d in choix) {
        if (d === "demandables") continue;
        if (choix[d] && valeurs(li, d).indexOf(choix[d]) < 0) return false;
      }
      var s = li.querySelector("[data-statut]");
      return !choix.demandables || (s && DEMANDABLES.indexOf(s.dataset.statut) >= 0);
    }

    function appliquer() {
      var n = 0;
      cartes.forEach(function (li) { li.hidden = !garde(li); if (!li.hidden) n++; });
      zone.querySelectorAll(".resserrer__puce").forEach(function (b) {
        b.setAttribute("aria-pressed", String(b.dataset.valeur === choix.structures));
      });
      for (var d in menus) menus[d].value = choix[d];
      caseDemandable.checked = choix.demandables;
      var resserree = n < cartes.length;
      var texte = resserree ? n + " aide" + (n > 1 ? "s" : "") + " sur " + cartes.length + " affichée" + (n > 1 ? "s" : "") : "Toutes les aides de la liste sont affichées (" + cartes.length + ").";
      if (choix.departements && choix.departements === departementGarde) {
        var nom = V.departements.filter(function (d) { return d[0] === choix.departements; })[0];
        texte += " Département retenu : " + (nom ? nom[1] : choix.departements) + " (votre choix dans « Trouver mes aides »).";
      }
      texteEtat.textContent = texte + " ";
      toutAfficher.hidden = !resserree && !choix.departements;
    }

    // Le département retenu par « Trouver mes aides » resserre d'abord la liste (« Tout afficher » l'enlève).
    if (menus.departements && departementGarde && Array.prototype.some.call(menus.departements.options, function (o) { return o.value === departementGarde; })) {
      choix.departements = departementGarde;
    }
    zone.hidden = false;
    appliquer();
    if (choix.departements) plus.open = true;  // le département retenu se voit
  }

  document.querySelectorAll("[data-resserrer]").forEach(resserrerLesListes);

  // --- Le filtre

  var racine = document.getElementById("trouver");
  if (!racine) return;
  var formulaire = racine.querySelector("form");
  var compte = document.getElementById("trouver-compte");
  var liste = document.getElementById("trouver-resultats");
  var boutonPlus = document.getElementById("trouver-plus");
  var D = null;            // donnees.json
  var jour = jourLocal();
  var statuts = {};        // bit de département → statut de chaque aide
  var affichees = PAR_PAGE;
  var QUESTIONS = ["structure", "departement", "lieu", "salaries", "besoin", "type"];
  // Points d'accroche de docs/assets/commune.js (commune, quartier prioritaire), chargé avant ce fichier :
  // garder(aide) filtre, adresse(parametres) complète l'adresse, demarrer(donnees) suit le chargement.
  var accroches = window.trouverAccroches || {};

  function statutsPour(bit) {
    if (!statuts[bit]) statuts[bit] = D.aides.map(function (a) { return statut(a, jour, bit, D); });
    return statuts[bit];
  }

  function bitDe(departement) { return bitDans(D, departement); }

  // Choix ↔ formulaire ↔ adresse

  function choixDuFormulaire() {
    var f = formulaire.elements;
    var coches = function (nom) {
      return Array.prototype.filter.call(formulaire.querySelectorAll("input[name=" + nom + "]"), function (c) { return c.checked; })
        .map(function (c) { return c.value; });
    };
    var nombre = parseInt(f.nombre.value, 10);
    return {
      structure: f.structure.value,
      departement: f.departement.value,
      salaries: (formulaire.querySelector("input[name=salaries]:checked") || {}).value || "",
      nombre: nombre > 0 ? String(nombre) : "",
      besoin: coches("besoin"),
      type: coches("type"),
      closes: f.closes.checked
    };
  }

  function choixDeLAdresse() {
    var p = new URLSearchParams(location.search);
    return {
      structure: p.get("structure") || "",
      departement: p.get("departement") || "",
      salaries: p.get("salaries") || "",
      nombre: p.get("nombre") || "",
      besoin: p.getAll("besoin"),
      type: p.getAll("type"),
      closes: p.get("closes") === "oui"
    };
  }

  function remplirFormulaire(c) {
    var f = formulaire.elements;
    f.structure.value = c.structure;
    if (f.structure.value !== c.structure) f.structure.value = "";
    f.departement.value = c.departement;
    if (f.departement.value !== c.departement) f.departement.value = "";
    formulaire.querySelectorAll("input[name=salaries]").forEach(function (r) { r.checked = r.value === c.salaries; });
    if (!formulaire.querySelector("input[name=salaries]:checked")) formulaire.querySelector("input[name=salaries][value='']").checked = true;
    f.nombre.value = c.nombre;
    ["besoin", "type"].forEach(function (nom) {
      formulaire.querySelectorAll("input[name=" + nom + "]").forEach(function (b) { b.checked = c[nom].indexOf(b.value) >= 0; });
    });
    f.closes.checked = c.closes;
  }

  function adresseDe(c) {
    var p = new URLSearchParams();
    if (c.structure) p.append("structure", c.structure);
    if (c.departement) p.append("departement", c.departement);
    if (c.salaries) p.append("salaries", c.salaries);
    if (c.salaries === "oui" && c.nombre) p.append("nombre", c.nombre);
    c.besoin.forEach(function (b) { p.append("besoin", b); });
    c.type.forEach(function (t) { p.append("type", t); });
    if (c.closes) p.append("closes", "oui");
    if (accroches.adresse) accroches.adresse(p);
    var q = p.toString();
    return location.pathname + (q ? "?" + q : "") + location.hash;
  }

  function memoriser(c, remplacer) {
    ecrire("localStorage", CLE_DEPARTEMENT, c.departement);
    var adresse = adresseDe(c);
    if (adresse === location.pathname + location.search + location.hash) return;
    history[remplacer ? "replaceState" : "pushState"](null, "", adresse);
  }

  /* L'adresse et le département gardé s'écrivent une fois la liste peinte : pushState et le premier
     localStorage.setItem coûtent chacun jusqu'à 10 ou 20 ms, que le lecteur n'a pas à attendre.
     Chaque changement garde son entrée d'historique : un nouveau changement écrit d'abord le précédent.
     Un rappel resté en route après une écriture ne trouve rien à écrire (ou écrit un peu tôt le suivant). */
  var enAttente = null;   // { choix, remplacer } tant que l'adresse n'est pas écrite

  /* f au premier moment de repos après l'image (Safari n'a pas requestIdleCallback). */
  function auRepos(f) {
    if (window.requestIdleCallback) requestIdleCallback(f, { timeout: 300 }); else setTimeout(f, 50);
  }

  function memoriserPlusTard(remplacer) {
    memoriserMaintenant();
    enAttente = { choix: choixDuFormulaire(), remplacer: remplacer };
    auRepos(memoriserMaintenant);
  }

  function memoriserMaintenant() {
    var e = enAttente;
    enAttente = null;
    if (e) memoriser(e.choix, e.remplacer);
  }

  /* Indices des aides qui passent toutes les questions sauf « sauf » (sans regarder le statut).
     echecs : pour chaque aide, un bit par question de QUESTIONS qu'elle ne passe pas (echecsDe). */
  function filtrer(echecs, sauf) {
    var permis = sauf ? 1 << QUESTIONS.indexOf(sauf) : 0;
    var retenues = [];
    for (var i = 0; i < echecs.length; i++) if ((echecs[i] & ~permis) === 0) retenues.push(i);
    return retenues;
  }

  /* La réponse à chaque question, telle qu'elle décide du passage des aides ; null : à refaire à chaque fois
     (la commune et le quartier sont tenus par commune.js). */
  function reponse(c, q) {
    if (q === "salaries") return c.salaries + " " + c.nombre;
    if (q === "besoin" || q === "type") return c[q].join(" ");
    if (q === "lieu") return accroches.garder ? null : "";
    return c[q];
  }

  var rates = {};   // question → réponse → 1 pour chaque aide qui ne passe pas

  /* Les aides que cette question écarte avec ces choix ; gardé tant que la réponse revient (au plus
     quelques dizaines de réponses par question : au-delà, on repart de zéro). */
  function ratesPour(q, c) {
    var r = reponse(c, q);
    var memo = rates[q] || (rates[q] = {});
    if (r !== null && memo[r]) return memo[r];
    var passe = critere(c, D, accroches)[q], n = D.aides.length, aides = new Uint8Array(n);
    for (var i = 0; i < n; i++) aides[i] = passe(D.aides[i]) ? 0 : 1;
    if (r !== null) {
      if (Object.keys(memo).length >= 32) memo = rates[q] = {};
      memo[r] = aides;
    }
    return aides;
  }

  /* Chaque aide passée une seule fois par les questions, et seulement par celles dont la réponse est
     nouvelle : les comptes des options en découlent. */
  function echecsDe(c) {
    var n = D.aides.length;
    var echecs = new Uint8Array(n);
    QUESTIONS.forEach(function (q, k) {
      var bit = 1 << k, a = ratesPour(q, c);
      for (var i = 0; i < n; i++) if (a[i]) echecs[i] |= bit;
    });
    return echecs;
  }

  var closesParBit = {};  // bit de département → 1 pour chaque aide close au jour du lecteur

  function closesPour(bit) {
    if (!closesParBit[bit]) {
      var s = statutsPour(bit), t = new Uint8Array(s.length);
      for (var i = 0; i < s.length; i++) t[i] = s[i].code === "close" ? 1 : 0;
      closesParBit[bit] = t;
    }
    return closesParBit[bit];
  }

  function visibles(indices, bit, closes) {
    if (closes) return indices;
    var close = closesPour(bit);
    return indices.filter(function (i) { return !close[i]; });
  }

  /* Combien d'indices passent aussi « rates » (1 : écartée) et, sans « closes », ne sont pas closes pour ce bit. */
  function compterSans(indices, rates, bit, closes) {
    var close = closes ? null : closesPour(bit), n = 0;
    for (var k = 0; k < indices.length; k++) {
      var i = indices[k];
      if (!rates[i] && !(close && close[i])) n++;
    }
    return n;
  }

  /* Un texte réécrit à l'identique refait quand même sa mise en page : on ne touche qu'à ce qui change. */
  function changerTexte(element, texte) {
    if (element && element.textContent !== texte) element.textContent = texte;
  }

  function ecrireCompte(element, n) {
    changerTexte(element, "(" + n + ")");
  }

  function compterOptions(c, echecs) {
    var bit = bitDe(c.departement);
    // Questions à une seule réponse : le compte si l'on choisissait cette option à la place.
    var base = visibles(filtrer(echecs, "structure"), bit, c.closes);
    var parStructure = D.structures.map(function () { return 0; });
    base.forEach(function (i) { D.aides[i].s.forEach(function (s) { parStructure[s]++; }); });
    Array.prototype.forEach.call(formulaire.elements.structure.options, function (o) {
      var n = o.value ? parStructure[indexDe(D.structures, o.value)] : base.length;
      changerTexte(o, o.dataset.libelle + " (" + n + ")");
    });

    // Le statut dépend du département : chaque option compte avec le sien.
    var sansDepartement = filtrer(echecs, "departement");
    Array.prototype.forEach.call(formulaire.elements.departement.options, function (o) {
      var n = compterSans(sansDepartement, ratesPour("departement", Object.assign({}, c, { departement: o.value })), bitDe(o.value), c.closes);
      changerTexte(o, o.dataset.libelle + " (" + n + ")");
    });

    var sansSalaries = filtrer(echecs, "salaries");
    formulaire.querySelectorAll("input[name=salaries]").forEach(function (r) {
      var n = compterSans(sansSalaries, ratesPour("salaries", Object.assign({}, c, { salaries: r.value })), bit, c.closes);
      ecrireCompte(r.parentNode.querySelector(".trouver__compte"), n);
    });

    // Questions à plusieurs réponses : le compte de la liste si l'on cochait aussi cette case
    // (une case cochée : la liste telle qu'elle est).
    [["besoin", "b", D.besoins], ["type", "y", D.types]].forEach(function (q) {
      var comptes = comptesSiCoche(visibles(filtrer(echecs, q[0]), bit, c.closes), q[1], q[2], c[q[0]]);
      formulaire.querySelectorAll("input[name=" + q[0] + "]").forEach(function (b) {
        ecrireCompte(b.parentNode.querySelector(".trouver__compte"), comptes[indexDe(q[2], b.value)]);
      });
    });
  }

  /* base : aides qui passent les autres questions ; champ : leurs valeurs pour cette question ;
     cochees : valeurs déjà cochées. Une aide passe si elle a au moins une valeur cochée : cocher v ajoute
     à la liste actuelle les aides de la base qui ont v et aucune des valeurs déjà cochées. */
  function comptesSiCoche(base, champ, table, cochees) {
    var indicesCoches = cochees.map(function (v) { return indexDe(table, v); });
    var actuelles = 0;
    var enPlus = table.map(function () { return 0; });
    base.forEach(function (i) {
      var valeurs = D.aides[i][champ];
      var passe = indicesCoches.length > 0 && valeurs.some(function (v) { return indicesCoches.indexOf(v) >= 0; });
      if (passe) actuelles++;
      else valeurs.forEach(function (v) { enPlus[v]++; });
    });
    return table.map(function (_, k) { return indicesCoches.indexOf(k) >= 0 ? actuelles : actuelles + enPlus[k]; });
  }

  function carte(a, s) {
    var li = document.createElement("li");
    li.className = "aide-carte";
    var titre = li.appendChild(document.createElement("p"));
    titre.className = "aide-carte__titre";
    var lien = titre.appendChild(document.createElement("a"));
    lien.href = racine.dataset.aides + a.i + "/";
    lien.textContent = a.t;
    if (a.g) {
      var sigle = titre.appendChild(document.createElement("span"));
      sigle.className = "aide-carte__sigle";
      titre.insertBefore(document.createTextNode(" "), sigle);
      sigle.textContent = "(" + a.g + ")";
    }
    var ligne = li.appendChild(document.createElement("p"));
    ligne.className = "aide-carte__statut";
    var badge = ligne.appendChild(document.createElement("span"));
    badge.className = "statut statut--" + s.code;
    badge.dataset.statut = s.code;
    badge.textContent = D.statuts[s.code][0];
    badge.title = D.statuts[s.code][1];
    ligne.appendChild(document.createTextNode(" "));
    var quand = ligne.appendChild(document.createElement("span"));
    quand.className = "aide-carte__echeance";
    quand.textContent = echeance(s);
    var resume = li.appendChild(document.createElement("p"));
    resume.className = "aide-carte__resume";
    resume.textContent = a.r;
    var meta = li.appendChild(document.createElement("p"));
    meta.className = "aide-carte__meta";
    var morceaux = [a.y.map(function (t) { return D.types[t][1]; }).join(", ")];
    if (a.m) morceaux.push(a.m);
    morceaux.push(D.territoires[a.l]);
    meta.textContent = morceaux.join(" · ");
    return li;
  }

  /* Les cartes qui restent à l'écran d'un choix à l'autre ne sont pas refaites : le navigateur ne met en page
     que les nouvelles. L'ordre (statut, échéance, titre) ne dépend guère des choix : les cartes gardées sont
     d'ordinaire déjà rangées entre elles, et insertBefore remet à sa place celle qui ne l'est pas. */
  function montrer(indices, s) {
    var cles = indices.map(function (i) { return i + " " + s[i].code + " " + echeance(s[i]); });
    var voulues = {};
    cles.forEach(function (c) { voulues[c] = true; });
    var presentes = {};
    Array.prototype.slice.call(liste.children).forEach(function (li) {
      if (voulues[li.dataset.cle]) presentes[li.dataset.cle] = li;
      else li.remove();
    });
    cles.forEach(function (c, k) {
      var li = presentes[c];
      if (!li) {
        li = carte(D.aides[indices[k]], s[indices[k]]);
        li.dataset.cle = c;
      }
      if (liste.children[k] !== li) liste.insertBefore(li, liste.children[k] || null);
    });
  }

  function afficher(remettreAZero) {
    var c = choixDuFormulaire();
    var bit = bitDe(c.departement);
    var s = statutsPour(bit);
    var echecs = echecsDe(c);
    var retenues = filtrer(echecs);
    var ouvertes = visibles(retenues, bit, false);
    var closes = retenues.length - ouvertes.length;
    var montrees = c.closes ? retenues : ouvertes;
    montrees.sort(function (i, j) {
      var a = s[i], b = s[j];
      var ra = D.statuts[a.code][2], rb = D.statuts[b.code][2];
      if (ra !== rb) return ra - rb;
      var da = a.date_limite || a.ouverture || FIN_DES_TEMPS, db = b.date_limite || b.ouverture || FIN_DES_TEMPS;
      if (da !== db) return da < db ? -1 : 1;
      return i - j;  // donnees.json est déjà dans l'ordre des titres (trouver.py) : pas de comparaison de textes
    });
    if (remettreAZero) affichees = PAR_PAGE;

    montrer(montrees.slice(0, affichees), s);
    var restantes = montrees.length - affichees;
    boutonPlus.hidden = restantes <= 0;
    if (restantes > 0) changerTexte(boutonPlus, "Afficher plus d'aides (" + restantes + (restantes === 1 ? " autre)" : " autres)"));

    var n = montrees.length;
    var texte = n === 0 ? "Aucune aide ne correspond à vos choix. Essayez d'enlever un critère."
      : n === 1 ? "1 aide correspond à vos choix."
      : n + " aides correspondent à vos choix.";
    if (!c.closes && closes > 0) {
      texte += " " + (closes === 1 ? "1 aide close est cachée." : closes + " aides closes sont cachées.");
    }
    changerTexte(compte, texte);
    compte.dataset.nombre = String(n);
    mettreAJourBarre(n);
    // Le nombre de l'interrupteur : les aides closes que la liste gagnerait, pas la liste entière.
    var compteCloses = formulaire.querySelector("[data-compte=closes]");
    changerTexte(compteCloses, "(+" + closes + ")");
    formulaire.querySelector(".trouver__nombre").hidden = c.salaries !== "oui";
    compterOptions(c, echecs);
  }

  // --- Au téléphone : « Voir les N aides » toujours à portée de pouce, et le formulaire replié
  //     question par question une fois répondu (chaque question se rouvre d'un toucher).

  var TELEPHONE = window.matchMedia ? window.matchMedia("(max-width: 44.9844em)") : { matches: false };
  var barre = null;

  function creerBarreVoir() {
    barre = document.createElement("div");
    barre.className = "trouver__voir";
    barre.hidden = true;
    var bouton = barre.appendChild(document.createElement("button"));
    bouton.type = "button";
    bouton.className = "md-button md-button--primary trouver__voir-bouton";
    bouton.addEventListener("click", allerAuxResultats);
    racine.insertBefore(barre, compte);
    if (window.IntersectionObserver) {
      // La barre n'apparaît que tant que le début des résultats est sous l'écran.
      new IntersectionObserver(function (vus) {
        var e = vus[vus.length - 1];
        barre.hidden = e.isIntersecting || e.boundingClientRect.top < 0;
      }).observe(compte);
    }
  }

  function mettreAJourBarre(n) {
    if (!barre) return;
    changerTexte(barre.firstChild, n === 0 ? "Aucune aide : voir pourquoi" : n === 1 ? "Voir l'aide" : "Voir les " + n + " aides");
  }

  function allerAuxResultats() {
    if (TELEPHONE.matches) questions().forEach(function (q) { if (reponseDe(q)) replierQuestion(q); });
    compte.setAttribute("tabindex", "-1");
    compte.scrollIntoView({ block: "start" });
    compte.focus({ preventScroll: true });
  }

  function questions() {
    return Array.prototype.filter.call(formulaire.querySelectorAll(".trouver__question"), function (q) {
      return q.tagName !== "DETAILS";
    });
  }

  /* Le choix du lecteur pour une question, en mots ; "" s'il n'a rien choisi. */
  function reponseDe(q) {
    var menu = q.querySelector("select");
    if (menu) return menu.value ? menu.options[menu.selectedIndex].dataset.libelle : "";
    var coches = Array.prototype.filter.call(q.querySelectorAll("input[type=radio], input[type=checkbox]"), function (e) {
      return e.checked && e.value;
    });
    return coches.map(function (e) {
      var libelle = e.parentNode.cloneNode(true);
      libelle.querySelectorAll(".trouver__compte, input").forEach(function (n) { n.remove(); });
      return libelle.textContent.trim();
    }).join(", ");
  }

  function titreDe(q) {
    var titre = q.querySelector("legend, label");
    var copie = titre.cloneNode(true);
    copie.querySelectorAll(".trouver__aide-saisie").forEach(function (n) { n.remove(); });
    return copie.textContent.trim();
  }

  function replierQuestion(q) {
    var resume = q.querySelector(".trouver__resume");
    if (!resume) {
      resume = document.createElement("button");
      resume.type = "button";
      resume.className = "trouver__resume";
      resume.setAttribute("aria-expanded", "false");
      resume.addEventListener("click", function () { deplierQuestion(q); });
      q.insertBefore(resume, q.firstChild);
    }
    resume.textContent = "";
    var titre = titreDe(q);
    resume.appendChild(document.createElement("span")).textContent = titre + (/\?$/.test(titre) ? " " : " : ");
    resume.appendChild(document.createElement("strong")).textContent = reponseDe(q);
    resume.appendChild(document.createElement("span")).textContent = " · modifier";
    q.classList.add("trouver__question--repliee");
  }

  function deplierQuestion(q) {
    q.classList.remove("trouver__question--repliee");
    var champ = q.querySelector("select, input");
    if (champ) champ.focus();
  }

  /* Une question à une seule réponse se replie dès qu'on y a répondu ; les cases, au toucher de la barre. */
  function replierSiRepondue(champ) {
    if (!TELEPHONE.matches || !champ.closest) return;
    var q = champ.closest(".trouver__question");
    if (!q || q.tagName === "DETAILS" || champ.type === "checkbox" || champ.name === "nombre") return;
    if (champ.name === "salaries" && champ.value === "oui") return;  // le nombre de salariés peut suivre
    if (reponseDe(q)) replierQuestion(q);
  }

  function construireOptions() {
    [["structure", D.structures], ["departement", D.departements]].forEach(function (q) {
      var select = formulaire.elements[q[0]];
      select.options[0].dataset.libelle = select.options[0].textContent;
      q[1].forEach(function (v) {
        var o = document.createElement("option");
        o.value = v[0];
        o.dataset.libelle = v[1];
        o.textContent = v[1];
        select.appendChild(o);
      });
    });
    [["besoin", D.besoins], ["type", D.types]].forEach(function (q) {
      var groupe = formulaire.querySelector("fieldset[data-question=" + q[0] + "]");
      q[1].forEach(function (v) {
        var label = document.createElement("label");
        var caseACocher = label.appendChild(document.createElement("input"));
        caseACocher.type = "checkbox";
        caseACocher.name = q[0];
        caseACocher.value = v[0];
        label.appendChild(document.createTextNode(" " + v[1] + " "));
        label.appendChild(document.createElement("span")).className = "trouver__compte";
        groupe.appendChild(label);
      });
    });
  }

  function demarrer(donnees) {
    D = donnees;
    construireOptions();
    var choix = choixDeLAdresse();
    // Sans département dans l'adresse, celui que le lecteur a choisi la dernière fois (il peut l'enlever).
    if (!location.search && departementGarde) choix.departement = departementGarde;
    remplirFormulaire(choix);
    if (accroches.demarrer) accroches.demarrer(D);
    racine.hidden = false;
    creerBarreVoir();
    afficher(true);
    // Les départements et les réponses sur les salariés sont déjà passés par compterOptions ; les structures,
    // pendant que le lecteur lit : son premier choix de structure n'aura pas à parcourir toutes les aides.
    auRepos(function () {
      var c = choixDuFormulaire();
      Array.prototype.forEach.call(formulaire.elements.structure.options, function (o) {
        ratesPour("structure", Object.assign({}, c, { structure: o.value }));
      });
    });
    liste.addEventListener("click", function (e) {
      if (!e.target.closest || !e.target.closest("a")) return;
      memoriserMaintenant();  // le lien « Retour à mes résultats » doit ramener à ces choix-ci
      ecrire("sessionStorage", CLE_RESULTATS, location.href);
    });

    formulaire.addEventListener("change", function (e) {
      if (e.target.name === "nombre") return;
      afficher(true);
      memoriserPlusTard(false);
      replierSiRepondue(e.target);
    });
    formulaire.elements.nombre.addEventListener("input", function () {
      if (formulaire.elements.nombre.value) formulaire.querySelector("input[name=salaries][value=oui]").checked = true;
      afficher(true);
      memoriserPlusTard(true);
    });
    formulaire.addEventListener("reset", function () {
      setTimeout(function () { afficher(true); memoriserPlusTard(false); }, 0);
    });
    formulaire.addEventListener("submit", function (e) { e.preventDefault(); });
    window.addEventListener("pagehide", memoriserMaintenant);
    window.addEventListener("popstate", function () {
      enAttente = null;  // l'adresse fait foi : c'est elle que le lecteur vient de retrouver
      remplirFormulaire(choixDeLAdresse());
      afficher(true);
    });
    boutonPlus.addEventListener("click", function () {
      var premiere = affichees;
      affichees += PAR_PAGE;
      afficher(false);
      var lien = liste.children[premiere] && liste.children[premiere].querySelector("a");
      if (lien) lien.focus();
    });
  }

  fetch(racine.dataset.donnees)
    .then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    })
    .then(demarrer)
    .catch(function () {
      var erreur = document.createElement("p");
      erreur.className = "trouver__erreur";
      erreur.textContent = "La liste des aides n'a pas pu être chargée. Parcourez les aides avec les liens plus bas.";
      racine.parentNode.insertBefore(erreur, racine);
    });
})();
