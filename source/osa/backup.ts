// run-upgrade.sh's one-time backup of the source series' configuration:
//     source_series_backup_file="/openstack/backup-openstack-ansible-${SOURCE_SERIES}.tar.gz"
//     if [[ ! -e ${source_series_backup_file} ]]; then
//       tar zcf ${source_series_backup_file} ${OSA_CONFIG_DIR} /etc/ansible/ ...
//     fi
// Paths are kept as templates: ${SOURCE_SERIES} and ${OSA_CONFIG_DIR} as placeholders (filled in
// by the plan writer), ${NAME:-default} as written (the plan loader expands it). Pure.

export interface OsaBackup {
	/** Line of the `if`. */
	line: number;
	/** The tarball's path template. */
	path: string;
	/** tar's argv (tar first), templates as path. */
	tar: string[];
}

export const BACKUP_VARIABLE = 'source_series_backup_file';

type Words = {ok: true; words: string[]} | {ok: false; message: string};

/**
 * Splits `text` into words (quotes removed) keeping the expansions ansible-driver can carry over:
 * ${SOURCE_SERIES}, ${OSA_CONFIG_DIR}, ${TARGET_SERIES} (filled in with `target`),
 * ${source_series_backup_file} (with `backupPath`), ${NAME:-default}.
 */
export function templateWords(text: string, target: string, backupPath?: string): Words {
	const words: string[] = [];
	let word: string | undefined;
	let quoted = false;
	for (let i = 0; i < text.length; ) {
		const c = text[i]!;
		if ((c === ' ' || c === '\t') && !quoted) {
			if (word !== undefined) words.push(word);
			word = undefined;
			i++;
		} else if (c === '"') {
			quoted = !quoted;
			word ??= '';
			i++;
		} else if (c === "'" && !quoted) {
			const close = text.indexOf("'", i + 1);
			const inside = close === -1 ? '' : text.slice(i + 1, close);
			if (close === -1 || inside.includes('$')) return {ok: false, message: close === -1 ? "a ' quote is never closed" : `"${inside}" holds a "$" in single quotes`};
			word = (word ?? '') + inside;
			i = close + 1;
		} else if (c === '$') {
			const expansion = /^\$\{([A-Za-z_]\w*)(?::-([^$`"'\\}]*))?\}|^\$([A-Za-z_]\w*)/.exec(text.slice(i));
			if (expansion === null) return {ok: false, message: `"${text.slice(i, i + 12)}" is an expansion ansible-driver does not read`};
			const name = expansion[1] ?? expansion[3]!;
			const fallback = expansion[2];
			let value: string;
			if (fallback !== undefined) value = `\${${name}:-${fallback}}`;
			else if (name === 'SOURCE_SERIES' || name === 'OSA_CONFIG_DIR') value = `\${${name}}`;
			else if (name === 'TARGET_SERIES') value = target;
			else if (name === BACKUP_VARIABLE && backupPath !== undefined) value = backupPath;
			else return {ok: false, message: `it uses \${${name}}, which ansible-driver does not know here`};
			word = (word ?? '') + value;
			i += expansion[0].length;
		} else if ('`\\;|&<>()*?[~{}'.includes(c)) {
			return {ok: false, message: `it has a "${c}", which ansible-driver does not read here`};
		} else {
			word = (word ?? '') + c;
			i++;
		}
	}
	if (quoted) return {ok: false, message: 'a " quote is never closed'};
	if (word !== undefined) words.push(word);
	return {ok: true, words};
}
