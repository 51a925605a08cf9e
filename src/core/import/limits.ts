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
