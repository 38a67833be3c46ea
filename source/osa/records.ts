// The records the evaluation harness (harness.ts) writes: kind, field count, fields, each
// NUL-terminated. Pure.

export interface EvalRecord {
	kind: string;
	fields: string[];
}

/** The records in order; a record cut short (the harness was killed) is dropped. */
export function parseRecords(bytes: Buffer): EvalRecord[] {
	const parts = bytes.toString('utf8').split('\0');
	const out: EvalRecord[] = [];
	let i = 0;
	while (i + 1 < parts.length) {
		const kind = parts[i]!;
		const count = Number(parts[i + 1]);
		if (!Number.isInteger(count) || count < 0 || i + 2 + count > parts.length - 1) break;
		out.push({kind, fields: parts.slice(i + 2, i + 2 + count)});
		i += 2 + count;
	}
	return out;
}

/** An environment as `env -0` lists it. */
export function envOf(fields: string[]): Map<string, string> {
	const env = new Map<string, string>();
	for (const entry of fields) {
		const eq = entry.indexOf('=');
		if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
	}
	return env;
}
