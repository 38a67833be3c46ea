// `--size COLUMNSxROWS` of `replay --cast`, checked before the terminal UI's modules load.

/** `--size WxH`: at least 40x10, as the viewer's smallest screen. */
export function parseSize(text: string): {width: number; height: number} | null {
	const m = /^(\d{2,4})x(\d{2,4})$/.exec(text.trim());
	if (!m) return null;
	const width = Number(m[1]);
	const height = Number(m[2]);
	return width >= 40 && height >= 10 && width <= 1000 && height <= 500 ? {width, height} : null;
}
