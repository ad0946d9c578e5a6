/** Every descriptor Matchscope offers, in the order the picker lists them. */
import type { Descriptor, ParamsOf } from './contract';
import { brief } from './brief';
import { census } from './census';
import { daisy } from './daisy';
import { dasc } from './dasc';
import { hog } from './hog';
import { lark } from './lark';
import { lss } from './lss';
import { patch } from './patch';
import { rank } from './rank';
import { rgb } from './rgb';
import { sift } from './sift';
import { ncc, zncc } from './zncc';
import { cnn } from './learned/cnn';
import { mccnn } from './learned/mccnn';
import { ucn } from './learned/ucn';
import { deepdesc } from './learned/deepdesc';

export const DESCRIPTORS: readonly Descriptor[] = [rgb, patch, ncc, zncc, census, rank, brief, hog, sift, daisy, lss, lark, dasc, cnn, mccnn, ucn, deepdesc] as unknown as readonly Descriptor[];

export const DEFAULT_DESCRIPTOR_ID = 'patch';

export function getDescriptor(id: string): Descriptor<ParamsOf> {
  const d = DESCRIPTORS.find((x) => x.id === id);
  if (!d) throw new Error(`unknown descriptor "${id}" (known: ${DESCRIPTORS.map((x) => x.id).join(', ')})`);
  return d;
}

export function isDescriptorId(id: string): boolean {
  return DESCRIPTORS.some((x) => x.id === id);
}
