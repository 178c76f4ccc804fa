/** The ids that come in from outside, as schemas for validating input (their shapes are in ids.ts). */
import * as z from 'zod/mini';
import { idShapeRules, idShapes } from './ids.ts';

export const ulidSchema = z.string().check(z.regex(idShapes.ulid, idShapeRules.ulid));

export const appIdSchema = z.string().check(z.regex(idShapes.appId, idShapeRules.appId));
