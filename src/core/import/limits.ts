// Limits checked before the work, so that a hostile or broken file costs an error row, not the machine's memory:
// an image's pixel count (read from its header, before any decode) and a caption's length.

import { count } from '../words.ts';
import type { ImageInfo } from './image.ts';

export interface ImportLimits {
  /** Width × height of an image, as its header declares it. */
  maxPixels: number;
  /** Characters in a caption. */
  maxCaptionChars: number;
}

export const DEFAULT_LIMITS: ImportLimits = { maxPixels: 100_000_000, maxCaptionChars: 10_000 };

/**
 * Limits on a zip archive, checked on the sizes a member's header declares before it is inflated, and again on the
 * bytes it expands to as it streams (a header may lie, or declare nothing when a data descriptor follows the data).
 */
export const ARCHIVE_LIMITS = {
  /** One member, expanded: larger is no image or captions table this app can use (and past ~512 MiB TextDecoder fails). */
  maxMemberBytes: 256 * 2 ** 20,
  /** The whole archive, expanded. */
  maxTotalBytes: 1024 * 2 ** 20,
  /** Expansion ratio of a member over 1 MiB: deflate's best is ~1032:1, which only a bomb reaches; text reaches ~20:1. */
  maxRatio: 200,
};

const mib = (bytes: number) =>
  bytes < 2 ** 20 ? `${Math.ceil(bytes / 1024).toLocaleString('en-US')} KiB` : `${(bytes / 2 ** 20).toLocaleString('en-US', { maximumFractionDigits: 1 })} MiB`;

/** Why a zip member is not inflated, or undefined when it is within the limits. */
export function archiveMemberError(
  member: { name: string; size: number; originalSize: number },
  expandedSoFar: number,
  limits = ARCHIVE_LIMITS,
): string | undefined {
  const { name, size, originalSize } = member;
  // Deflate never grows data by more than a few bytes per 64 KiB block: a smaller declared size is a lie (a 4 GiB
  // member written without zip64 declares 0 bytes), and inflating it would only burn time.
  if (size > originalSize * 1.01 + 1024)
    return `member "${name}" declares ${mib(originalSize)} expanded but holds ${mib(size)} compressed — the archive is damaged or hostile; it was not read`;
  if (originalSize > limits.maxMemberBytes)
    return `member "${name}" would expand to ${mib(originalSize)}, over the ${mib(limits.maxMemberBytes)} limit for one member; it was not read — split the archive`;
  if (originalSize > 2 ** 20 && originalSize > size * limits.maxRatio)
    return `member "${name}" would expand ${Math.round(originalSize / Math.max(1, size)).toLocaleString('en-US')}:1 (${mib(size)} to ${mib(originalSize)}), over the ${limits.maxRatio}:1 limit — a zip bomb?; it was not read`;
  if (expandedSoFar + originalSize > limits.maxTotalBytes)
    return `member "${name}" would take the archive past ${mib(limits.maxTotalBytes)} expanded; it was not read — split the archive`;
  return undefined;
}

/**
 * Why a member being inflated must stop, or undefined: it expanded past what its header declared, past the member or
 * archive limit, or (over 1 MiB) past the ratio limit against the most compressed bytes it can have consumed so far.
 */
export function archiveOverrunError(
  member: { name: string; declared: number | undefined; produced: number; consumedAtMost: number },
  expandedSoFar: number,
  limits = ARCHIVE_LIMITS,
): string | undefined {
  const { name, declared, produced, consumedAtMost } = member;
  if (declared !== undefined && produced > declared)
    return `member "${name}" expands past the ${mib(declared)} its header declares — the archive is damaged or hostile; it was not read`;
  if (produced > limits.maxMemberBytes)
    return `member "${name}" expands past ${mib(limits.maxMemberBytes)}, the limit for one member; it was not read — split the archive`;
  if (produced > 2 ** 20 && produced > consumedAtMost * limits.maxRatio)
    return `member "${name}" expands more than ${limits.maxRatio}:1 (${mib(produced)} from at most ${mib(consumedAtMost)}) — a zip bomb?; it was not read`;
  if (expandedSoFar + produced > limits.maxTotalBytes)
    return `member "${name}" takes the archive past ${mib(limits.maxTotalBytes)} expanded; it was not read — split the archive`;
  return undefined;
}

/** Why an image is too large to decode, or undefined when it is within the limit. */
export function pixelLimitError(name: string, info: Pick<ImageInfo, 'width' | 'height'>, limits: ImportLimits = DEFAULT_LIMITS): string | undefined {
  const pixels = info.width * info.height;
  if (pixels <= limits.maxPixels) return undefined;
  return `image "${name}" is ${info.width}×${info.height} (${Math.round(pixels / 1e6)} megapixels), over the ${Math.round(limits.maxPixels / 1e6)}-megapixel limit — downscale it, or raise the limit`;
}

/**
 * Why a caption cannot be imported (too long, or holding a control character other than tab and line breaks, which
 * training tables cannot carry exactly: NUL breaks Python's csv module and NegCLIP's list literals), or undefined.
 */
export function captionLimitError(caption: string, limits: ImportLimits = DEFAULT_LIMITS): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
  const control = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.exec(caption);
  if (control)
    return `caption holds the control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at character ${control.index + 1} — remove it`;
  if (caption.length <= limits.maxCaptionChars) return undefined;
  return `caption is ${count(caption.length, 'character')}, over the ${limits.maxCaptionChars.toLocaleString('en-US')}-character limit — shorten it`;
}
