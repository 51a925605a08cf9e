// The provider for a setting: hosted (Hugging Face) or offline, whose "VLM" decodes images with the browser's decoder.

import { HfProvider, type HfSettings } from '../core/providers/hf.ts';
import { OfflineProvider } from '../core/providers/offline.ts';
import type { Provider } from '../core/providers/types.ts';
import { decodeRgba } from './decodeImage.ts';

export function providerFor(kind: 'offline' | 'hf', hf?: HfSettings): Provider {
  return kind === 'hf'
    ? new HfProvider(hf!)
    : new OfflineProvider((image) => decodeRgba(new Blob([image.bytes as Uint8Array<ArrayBuffer>], { type: image.mime })));
}
