// Durations as plans and options write them: seconds, or "90s", "15m", "1h30m". Pure.

const units: Record<string, number> = {s: 1, m: 60, h: 3600};

/** "90", 90, "90s", "15m", "1h30m" -> seconds; undefined when it is none of these. */
export function parseDuration(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return parseDuration(Number(text));
	if (!/^(\d+[hms])+$/.test(text)) return undefined;
	let seconds = 0;
	for (const [, n, unit] of text.matchAll(/(\d+)([hms])/g)) seconds += Number(n) * (units[unit!] ?? 0);
	return seconds > 0 ? seconds : undefined;
}
