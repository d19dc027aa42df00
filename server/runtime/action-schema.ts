import { z } from 'zod';
import type { AnyAction } from './action';

/**
 * The part of JSON Schema that `z.toJSONSchema` emits for our action inputs. Read by the API
 * reference generator and by the leak audit, which derives a valid input for every action.
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  default?: unknown;
  format?: string;
}

/** An action's input schema as JSON Schema (what a client may send). */
export function inputJsonSchema(def: Pick<AnyAction, 'input'>): JsonSchema {
  return z.toJSONSchema(def.input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}
