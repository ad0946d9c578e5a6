/** The parameter form of the current descriptor, generated from its contract's ParamSpec list. */
import { paramApplies, type ParamSpec, type ParamsOf } from '../../engine/descriptors/contract';

export function ParamForm(props: { specs: readonly ParamSpec[]; values: ParamsOf; onChange(name: string, v: ParamsOf[string]): void }) {
  if (props.specs.length === 0) return null;
  return (
    <fieldset className="params">
      <legend className="sr-only">Descriptor parameters</legend>
      {props.specs.filter((spec) => paramApplies(spec, props.values)).map((spec) => (
        <label key={spec.name} title={spec.help}>
          <span>{spec.label}</span>
          <Field spec={spec} value={props.values[spec.name]} onChange={(v) => props.onChange(spec.name, v)} />
        </label>
      ))}
    </fieldset>
  );
}

function Field({ spec, value, onChange }: { spec: ParamSpec; value: ParamsOf[string]; onChange(v: ParamsOf[string]): void }) {
  switch (spec.kind) {
    case 'bool':
      return <input type="checkbox" checked={Boolean(value)} onChange={(e) => onChange(e.target.checked)} />;
    case 'choice':
      return (
        <select value={String(value)} onChange={(e) => onChange(e.target.value)}>
          {spec.options.map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      );
    case 'int':
    case 'number': {
      const step = spec.kind === 'int' ? (spec.odd ? 2 : 1) : (spec.step ?? 0.1);
      return (
        <input type="number" min={spec.min} max={spec.max} step={step} value={Number(value)}
          onChange={(e) => {
            const v = Number(e.target.value);
            const ok = Number.isFinite(v) && v >= spec.min && v <= spec.max && (spec.kind !== 'int' || (Number.isInteger(v) && (!spec.odd || v % 2 === 1)));
            if (ok) onChange(v);
          }} />
      );
    }
  }
}
