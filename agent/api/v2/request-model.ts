import { type FieldType, isPlainObject, validateField } from './pydantic-fields.js';
import { RequestValidationError, type ValidationItem } from './validation-error.js';

/** A field of a request model, in the model's declaration order (pydantic reports errors in that order). */
export interface FieldSpec {
  name: string;
  type: FieldType;
  /** `X | None`. */
  nullable?: boolean;
  /** No default: a missing field is a `missing` error. */
  required?: boolean;
  /**
   * A `field_validator(mode="before")`: sees the raw value (null too) and returns the value to validate, or the
   * message of the ValueError it raises.
   */
  before?: (value: unknown) => { value: unknown } | string;
}

/**
 * A pydantic request model of Airflow 3 (`StrictBaseModel`: unknown fields are `extra_forbidden`), with its
 * `mode="after"` validators, which return an error message or null.
 */
export interface ModelSpec {
  fields: readonly FieldSpec[];
  after?: (values: Record<string, unknown>) => string | null;
  before?: (input: Record<string, unknown>) => string | null;
}

/**
 * Validates a request body (already parsed JSON, or the raw text of a non-JSON body) as FastAPI does for a
 * body parameter: `undefined` (no body) is `missing`, anything but an object is `model_attributes_type`.
 * Returns only the fields present in the input (pydantic's `exclude_unset`), coerced.
 */
export function parseBody(model: ModelSpec, body: unknown): Record<string, unknown> {
  if (body === undefined)
    throw new RequestValidationError([{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);
  return validateModel(model, body, ['body']);
}

export function validateModel(model: ModelSpec, input: unknown, loc: (string | number)[]): Record<string, unknown> {
  if (!isPlainObject(input)) {
    throw new RequestValidationError([
      {
        type: 'model_attributes_type',
        loc,
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input,
      },
    ]);
  }
  const beforeError = model.before?.(input);
  if (beforeError) throw new RequestValidationError([valueError(loc, beforeError, input)]);
  const errors: ValidationItem[] = [];
  const out: Record<string, unknown> = {};
  const known = new Set(model.fields.map((f) => f.name));
  for (const field of model.fields) {
    if (!Object.hasOwn(input, field.name)) {
      if (field.required) errors.push({ type: 'missing', loc: [...loc, field.name], msg: 'Field required', input });
      continue;
    }
    let value = input[field.name];
    if (field.before) {
      const r = field.before(value);
      if (typeof r === 'string') {
        errors.push(valueError([...loc, field.name], r, value));
        continue;
      }
      value = r.value;
    }
    if (value === null && field.nullable) {
      out[field.name] = null;
      continue;
    }
    const r = validateField(field.type, value, [...loc, field.name]);
    if (r.ok) out[field.name] = r.value;
    else errors.push(...r.errors);
  }
  for (const [name, value] of Object.entries(input)) {
    if (!known.has(name))
      errors.push({
        type: 'extra_forbidden',
        loc: [...loc, name],
        msg: 'Extra inputs are not permitted',
        input: value,
      });
  }
  if (errors.length) throw new RequestValidationError(errors);
  const afterError = model.after?.(out);
  if (afterError) throw new RequestValidationError([valueError(loc, afterError, input)]);
  return out;
}

/** A ValueError raised by a model validator: pydantic's `value_error`, whose exception ctx FastAPI writes as `{}`. */
function valueError(loc: (string | number)[], message: string, input: unknown): ValidationItem {
  return { type: 'value_error', loc, msg: `Value error, ${message}`, input, ctx: { error: {} } };
}
