// Éditeur /admin/ : Decap écrit les clés dans l'ordre de saisie et garde les champs vidés ("" ou []).
// Avant chaque enregistrement, on remet les clés dans l'ordre du schéma (ordre.json, produit depuis
// schema.py avec config.yml), on retire les valeurs vides et on garde les rubriques obligatoires.
(function () {
  "use strict";
  var ordres = fetch("ordre.json").then(function (reponse) { return reponse.json(); });

  function vide(valeur) {
    return valeur === null || valeur === undefined || valeur === "" ||
      (valeur && typeof valeur.isEmpty === "function" && valeur.isEmpty());
  }

  // Les données de Decap sont des collections Immutable.js : une liste a « push », un objet non.
  function liste(valeur) { return valeur && typeof valeur.push === "function" && typeof valeur.filter === "function"; }
  function objet(valeur) { return valeur && !liste(valeur) && typeof valeur.toOrderedMap === "function"; }

  function ranger(valeur, ordre) {
    if (liste(valeur)) {
      return valeur.map(function (element) { return ranger(element, ordre); }).filter(function (element) { return !vide(element); });
    }
    if (!objet(valeur) || !ordre) return valeur;
    var range = valeur.clear().toOrderedMap();
    var autres = valeur.keySeq().toArray().filter(function (cle) { return ordre.champs.indexOf(cle) < 0; });
    ordre.champs.concat(autres).forEach(function (cle) {
      var sous = ranger(valeur.get(cle), ordre.rubriques[cle]);
      if (!vide(sous)) range = range.set(cle, sous);
      else if (ordre.toujours.indexOf(cle) >= 0) range = range.set(cle, valeur.clear().toOrderedMap());
    });
    return range;
  }

  window.CMS.registerEventListener({
    name: "preSave",
    handler: function (evenement) {
      return ordres.then(function (tous) {
        var ordre = tous[evenement.entry.get("collection")];
        return ordre ? ranger(evenement.entry.get("data"), ordre) : undefined;
      });
    },
  });
})();
