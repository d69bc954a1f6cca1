// Compiles our Sass (GOV.UK Frontend with a system font stack) and copies the
// GOV.UK Frontend script into static/dist/, which is build output.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const dist = join(here, "dist");
mkdirSync(dist, { recursive: true });

const result = sass.compile(join(here, "scss", "app.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(dist, "app.css"), result.css);

copyFileSync(
  join(root, "node_modules", "govuk-frontend", "dist", "govuk", "govuk-frontend.min.js"),
  join(dist, "govuk-frontend.min.js"),
);
console.log("assets built into static/dist/");
