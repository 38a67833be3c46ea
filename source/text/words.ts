// Counted nouns for messages: "1 step", "2 steps", never "1 steps" or "step(s)".

export function count(n: number, singular: string, plural = `${singular}s`): string {
	return `${n} ${n === 1 ? singular : plural}`;
}

/** "1 error and 2 warnings", "2 errors", "1 warning": what a list of problems holds. */
export function problemCounts(problems: readonly {severity?: string | undefined}[]): string {
	const warnings = problems.filter((p) => p.severity === 'warning').length;
	const errors = problems.length - warnings;
	const parts = [errors > 0 ? count(errors, 'error') : '', warnings > 0 ? count(warnings, 'warning') : ''].filter(Boolean);
	return parts.length > 0 ? parts.join(' and ') : 'no problems';
}
