// The Failures page: jobs that failed and what staff can do about them.
import type { French } from "./french.js";

export const en = {
  "title.failures": "Failures",

  "fl.retried": "The job runs again.",
  "fl.discarded": "The job was discarded.",
  "fl.reprocessed": "The message was re-processed.",
  "fl.jobGone": "That job is no longer failed (someone acted on it already?).",
  "fl.failedJobs": "Failed jobs",
  "fl.retry": "Retry",
  "fl.discard": "Discard",
  "fl.noJobs": "No failed jobs.",
  "fl.undelivered": "Undelivered replies",
  "fl.pinNote":
    "A reply that carried a PIN cannot be sent again (its PIN was destroyed with it): its request went to manual review, where approving issues a new one.",
  "fl.noUndelivered": "No undelivered replies.",
  "fl.attention": "Attention folder",
  "fl.reprocess": "Re-process",
  "fl.attentionEmpty": "The attention folder is empty.",
};

export const fr: French<typeof en> = {
  "title.failures": "Échecs",

  "fl.retried": "La tâche est relancée.",
  "fl.discarded": "La tâche a été abandonnée.",
  "fl.reprocessed": "Le message a été traité de nouveau.",
  "fl.jobGone": "Cette tâche n’est plus en échec (quelqu’un s’en est-il déjà occupé?).",
  "fl.failedJobs": "Tâches échouées",
  "fl.retry": "Relancer",
  "fl.discard": "Abandonner",
  "fl.noJobs": "Aucune tâche échouée.",
  "fl.undelivered": "Réponses non livrées",
  "fl.pinNote":
    "Une réponse qui contenait un NIP ne peut pas être renvoyée (son NIP a été détruit avec elle) : sa demande est passée en révision manuelle, où l’approbation en émet un nouveau.",
  "fl.noUndelivered": "Aucune réponse non livrée.",
  "fl.attention": "Dossier à examiner",
  "fl.reprocess": "Traiter de nouveau",
  "fl.attentionEmpty": "Le dossier à examiner est vide.",
};
