import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { isMap, isSeq, parseDocument, YAMLSeq, type Document, type YAMLMap } from 'yaml';
import { UsersDirectory, type DirectoryUser } from './users-directory';

/** Edits the users file in place, keeping its comments and layout; the result is checked before it replaces the file. */
export class UsersFileWriter {
  constructor(private readonly file: string) {}

  /** Adds a user; `replace` overwrites a user with the same id (name, role, department and password). */
  add(user: DirectoryUser, options: { replace?: boolean } = {}): void {
    this.edit((doc) => {
      const users = usersSeq(doc, this.file);
      const existing = users.items.findIndex((item) => isMap(item) && item.get('id') === user.id);
      if (existing >= 0 && !options.replace) throw new Error(`user "${user.id}" is already in ${this.file}; use --replace to overwrite it`);
      const node = doc.createNode({
        id: user.id,
        name: user.name,
        role: user.role,
        department: user.department,
        ...(user.passwordHash !== undefined ? { passwordHash: user.passwordHash } : {}),
      }) as YAMLMap;
      node.flow = true;
      if (existing >= 0) users.items[existing] = node;
      else users.items.push(node);
    });
  }

  setPasswordHash(userId: string, passwordHash: string): void {
    this.edit((doc) => {
      const item = usersSeq(doc, this.file).items.find((entry) => isMap(entry) && entry.get('id') === userId);
      if (!isMap(item)) throw new Error(`no user "${userId}" in ${this.file}`);
      item.set('passwordHash', passwordHash);
    });
  }

  private edit(change: (doc: Document) => void): void {
    const exists = fs.existsSync(this.file);
    const doc = parseDocument(exists ? fs.readFileSync(this.file, 'utf8') : '# Người dùng của hệ thống (kntc users add).\nusers:\n');
    if (doc.errors.length > 0) throw new Error(`${this.file}: invalid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
    change(doc);
    const text = doc.toString({ lineWidth: 0 });
    UsersDirectory.parse(text, this.file);
    const draft = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    // Password hashes are secrets too: the file stays readable by its owner only.
    fs.writeFileSync(draft, text, { mode: exists ? fs.statSync(this.file).mode & 0o777 & ~0o077 : 0o600, flag: 'wx' });
    fs.renameSync(draft, this.file);
  }
}

function usersSeq(doc: Document, file: string): YAMLSeq {
  let users = doc.get('users', true);
  if (users === null || users === undefined || (isScalarNull(users))) {
    users = new YAMLSeq();
    doc.set('users', users);
  }
  if (!isSeq(users)) throw new Error(`${file}: expected a top-level key "users" holding a list`);
  users.flow = false;
  return users;
}

function isScalarNull(node: unknown): boolean {
  return typeof node === 'object' && node !== null && 'value' in node && (node as { value: unknown }).value === null;
}
