/** A person as git records them in a commit or a trailer. */
export interface Identity {
  name: string;
  email: string;
}

/** GitHub's private commit emails name the account: `123+login@users.noreply.github.com`, or `login@users.noreply.github.com` for older accounts. */
export function noreplyLogin(email: string): string | undefined {
  return /^(?:\d+\+)?([^@+]+)@users\.noreply\.github\.com$/i.exec(email.trim())?.[1];
}

/**
 * The same mailbox: equal without regard to case, or two noreply addresses of the same GitHub login
 * (with and without the account id), which git and GitHub write for the same person.
 */
export function sameEmail(a: string, b: string): boolean {
  const [x, y] = [a.trim().toLowerCase(), b.trim().toLowerCase()];
  if (x === y) return x !== '';
  const login = noreplyLogin(x);
  return login !== undefined && login === noreplyLogin(y);
}

/** A name as people type it: Unicode-normalised, its white space trimmed and collapsed, without regard to case. */
function nameKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

export function sameName(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b);
}

export function samePerson(a: Identity, b: Identity): boolean {
  return sameEmail(a.email, b.email) && sameName(a.name, b.name);
}

/** `Name <email>`, as git writes an identity. */
export function identityText(person: Identity): string {
  return `${person.name} <${person.email}>`;
}
