/** The ground truth shipped with each built-in pair (public/samples; credits in CREDITS.md). */
const base = import.meta.env.BASE_URL;

export const SAMPLE_GROUND_TRUTH: Record<string, string> = {
  motorcycle: `${base}samples/motorcycle/disp.pfm`,
  graffiti: `${base}samples/graffiti/H1to3.txt`,
};
