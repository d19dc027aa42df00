import { cloudMediaStore } from '../../adapters/media-store/cloud-media-store';
import type { MediaStore } from '../../ports/media-store';

/** Private media through CloudBase storage temporary URLs. */
export function cloudMedia(): MediaStore {
  return cloudMediaStore();
}
