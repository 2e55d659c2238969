// The template problems' French, for templates.ts's "tpl.problem" on French pages; the English is
// reply/template-problem.ts's own.
import type { StaffLocale } from "../locale.js";
import { formatNumber } from "../format.js";
import type { TemplateProblem, TemplateProblemCode, TemplateProblemParams } from "../../../reply/template-problem.js";

/** Template problems in French, one per code of reply/template-problem.ts (a code without French fails the type check). */
const ou = (hosts: string[]) => (hosts.length ? hosts.join(" ou ") : "aucun hôte (définissez PORTAL_URL ou WEB_PUBLIC_URL)");
const ecrire = (example: string | null) => (example ? `; écrivez-la ainsi : ${example}` : "");
const CSS_FETCH_FR = "url(), @import, image-set() ni d’échappements CSS";
const PROBLEMS_FR: { [C in TemplateProblemCode]: (p: TemplateProblemParams[C]) => string } = {
  "unknown-variable": (p) => `Variable inconnue « ${p.name} ». Ce modèle peut utiliser : ${p.allowed.join(", ")}`,
  "raw-filter": () =>
    "Le filtre « raw » n’est pas permis : les valeurs sont toujours échappées en HTML, pour qu’un expéditeur ne puisse pas y glisser de balisage",
  "unknown-filter": (p) => `Filtre inconnu « ${p.name} » : vérifiez son orthographe, ou retirez-le`,
  "unknown-partial": (p) => `Il n’y a pas de fragment nommé « ${p.name} »`,
  "block-not-closed": (p) => `Le bloc {% ${p.tag} %} n’est jamais fermé : ajoutez {% end${p.tag} %} là où il doit finir`,
  "output-not-closed": () => "Une valeur qui commence par « {{ » n’est jamais fermée : ajoutez « }} » à sa fin",
  "stray-end-tag": (p) =>
    `{% ${p.tag} %} ferme un bloc {% ${p.opener} %} qui n’est pas ouvert ici : retirez-le, ou ajoutez plus haut le {% ${p.opener} %} auquel il appartient`,
  "inner-tag-outside-block": (p) =>
    `{% ${p.tag} %} ne s’emploie qu’à l’intérieur d’un bloc (comme {% if %}, {% case %} ou {% for %}) : placez-le dans un bloc, ou retirez-le`,
  "unknown-tag": (p) => `Il n’y a pas de balise nommée « ${p.name} » : vérifiez son orthographe, ou écrivez {{ ${p.name} }} pour afficher une valeur`,
  "tag-malformed": (p) => `La balise {% ${p.tag} %} est mal écrite${ecrire(p.example)}`,
  "value-missing": () => "Il manque une valeur ici : écrivez un nom de variable, un nombre ou un texte entre guillemets",
  "tag-name-missing": () => "Une balise n’a pas de nom : écrivez quelque chose entre {% et %}, comme {% if … %}, ou retirez-la",
  "assign-incomplete": (p) => `Ce {% assign %} est incomplet${ecrire(p.example)}`,
  "capture-name-missing": (p) => `{% capture %} a besoin du nom de la variable à remplir${ecrire(p.example)}`,
  "partial-name-missing": (p) => `Le nom du fragment manque${ecrire(p.example)}`,
  "cycle-values-missing": (p) => `{% cycle %} a besoin des valeurs à parcourir${ecrire(p.example)}`,
  "duplicated-else": () => "Ce bloc a deux {% else %} : gardez-en un",
  "bracket-not-closed": (p) => `Un « ${p.open} » n’est jamais fermé : ajoutez « ${p.close} »`,
  "unexpected-character": (p) =>
    `Liquid n’attendait pas « ${p.character} » ici : les valeurs d’un filtre sont séparées par des virgules, et une valeur ne peut pas en suivre une autre sans virgule`,
  "liquid-unreadable": (p) => `Liquid ne peut pas lire le modèle ici; vérifiez la balise ou la valeur à cet endroit (Liquid dit : ${p.liquid})`,
  "subject-empty": () => "L’objet est vide",
  "subject-multiline": () => "L’objet doit tenir sur une seule ligne",
  "html-empty": () => "Le corps HTML est vide",
  "marker-line": (p) => `Une ligne comme « ${p.line} » est réservée aux marqueurs de section`,
  "partial-name-unquoted": () => "Les noms de fragments s’écrivent entre guillemets, p. ex. {% include 'footer.en' %}",
  "partial-not-found": (p) => `Il n’y a pas de fragment nommé « ${p.name} ». Fragments disponibles : ${p.available.join(", ") || "aucun"}`,
  "partial-uses-unknown": (p) => `Le fragment « ${p.partial} » utilise « ${p.name} », que ce modèle n’a pas. Ce modèle peut utiliser : ${p.allowed.join(", ")}`,
  "required-unused": (p) => `La variable obligatoire « ${p.name} » n’est pas utilisée (${p.description})`,
  "computed-name": () => "Les variables doivent être nommées, pas cherchées par un nom calculé comme [nom]",
  "partial-uses-pin": (p) => `Le fragment « ${p.partial} » ne peut pas utiliser « pin » : le NIP n’est imprimé que par la ligne « ${p.pinLine} »`,
  "pin-misused": (p) => `« pin » ne peut être utilisé que sur la ligne « ${p.pinLine} », écrite exactement ainsi (sans filtre, pas dans l’objet)`,
  "pin-captured": (p) => `La ligne « ${p.pinLine} » ne peut pas être dans un {% capture %} : le NIP ne doit pas être copié dans une autre variable`,
  "pin-line-missing": (p) => `La ligne « ${p.pinLine} » doit figurer seule sur sa ligne, écrite exactement ainsi`,
  "pin-hidden": (p) => `« ${p.pinLine} » doit apparaître dans le courriel : la ligne est dans un commentaire ou une condition`,
  "pin-not-own-line-in-derived-text": (p) =>
    `Dans la version texte tirée du HTML, « ${p.expected} » n’est pas seul sur sa ligne; mettez-le dans son propre paragraphe`,
  "element-refused": (p) => `<${p.tag}> n’est pas permis dans une réponse : il charge ou exécute quelque chose venu d’ailleurs`,
  "meta-http-equiv": () => '<meta http-equiv="..."> n’est pas permis dans une réponse : il peut rediriger ou charger quelque chose',
  "pin-in-attribute": (p) => `Le NIP ne peut figurer que comme texte, seul sur sa ligne, pas dans <${p.tag} ${p.attribute}="...">`,
  "style-attribute-fetch": (p) => `<${p.tag} style="..."> ne peut pas utiliser ${CSS_FETCH_FR} : une réponse ne charge rien d’ailleurs`,
  "style-block-fetch": () => `Un bloc <style> ne peut pas utiliser ${CSS_FETCH_FR} : une réponse ne charge rien d’ailleurs`,
  "pin-in-comment": () => "Le NIP ne peut pas figurer dans un commentaire HTML",
  "link-not-full": (p) => `« ${p.url} » n’est pas une adresse complète; les liens doivent commencer par https:// et mener à ${ou(p.hosts)}`,
  "link-scheme": (p) => `« ${p.url} » : seuls les liens https:// et mailto: sont permis`,
  "link-host": (p) => `« ${p.url} » mène à ${p.host}; les réponses ne peuvent mener qu’à ${ou(p.hosts)}`,
  "render-failed": (p) => `Le rendu du modèle a échoué : ${p.detail}`,
  "check-timeout": (p, l: StaffLocale = "fr") =>
    `La vérification de ce modèle a pris plus de ${formatNumber(p.seconds, l)} s; elle a été arrêtée. Cherchez des boucles ou des filtres qui répètent beaucoup de travail.`,
};
export const problemFr = (p: TemplateProblem) => (PROBLEMS_FR[p.code] as (v: TemplateProblem["params"]) => string)(p.params);
