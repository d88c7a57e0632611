/** Credits per job, as core's credits.Pricing charges them: a started group of 4 generated or 3 edited/varied images. */
export type JobKind = 'generation' | 'edit' | 'variation';

export const IMAGES_PER_CREDIT: Record<JobKind, number> = { generation: 4, edit: 3, variation: 3 };

export function creditsFor(kind: JobKind, images: number): number {
  return Math.ceil(images / IMAGES_PER_CREDIT[kind]);
}

export function creditsText(credits: number): string {
  return credits === 1 ? '1 credit' : `${credits} credits`;
}
