// Folder names as the server needs them. Settings are written with "/" (PinMail/Processed);
// servers differ: Exchange Online and Gmail use "/" and no prefix, Courier and some Cyrus/Dovecot
// setups use "." and keep every folder under "INBOX.". The personal namespace (NAMESPACE) and the
// hierarchy delimiter tell which, so PinMail/Processed becomes INBOX.PinMail.Processed there.

export interface PersonalNamespace {
  prefix: string;
  delimiter: string;
}

export function serverFolderName(configured: string, ns: PersonalNamespace | null | undefined): string {
  const name = configured.trim();
  if (/^inbox$/i.test(name)) return "INBOX";
  const delimiter = ns?.delimiter || "/";
  const prefix = ns?.prefix ?? "";
  // Written with the server's own delimiter already (INBOX.PinMail.Processed): keep it.
  let path = delimiter === "/" ? name : name.split("/").filter(Boolean).join(delimiter);
  if (prefix && !path.toUpperCase().startsWith(prefix.toUpperCase())) {
    // "INBOX/x" with prefix "INBOX." is already inside the namespace after the delimiter change.
    path = `${prefix}${path}`;
  }
  return path;
}
