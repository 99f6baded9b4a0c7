import type { ConnectionDevice } from "../../services/locks/connection-devices";
import type { ConnectionLock } from "../../services/locks/connection-picks";
import type { ConnectionSummary } from "../../services/locks/connections";
import type { Viewer } from "../../services/web/sessions";
import { Field } from "../fields";
import { Fold } from "../fold";
import { formatInstant } from "../format";
import { CsrfField, Layout, type Flash } from "../layout";
import type { FieldErrors } from "../property-form";
import { CREDENTIAL_FIELDS, fieldName, PROVIDER_WORDS } from "../connection-form";

export interface ConnectionPageProps {
  viewer: Viewer;
  connection: ConnectionSummary;
  locks: ConnectionLock[];
  /** The vendor's list, or why it could not be read. */
  devices: { ok: true; data: ConnectionDevice[] } | { ok: false; message: string };
  properties: Array<{ id: string; name: string }>;
  flash?: Flash | null;
  pickErrors?: FieldErrors;
  rotateErrors?: FieldErrors;
}

/** How the connection is doing, in words: when the vendor last answered and what the last failure was. */
export function HealthLines(props: { connection: ConnectionSummary; at: (d: Date | null) => string }) {
  const c = props.connection;
  const failedLast = c.lastErrorAt && (!c.lastSuccessAt || c.lastErrorAt > c.lastSuccessAt);
  return (
    <>
      <p class={failedLast ? "s-bad" : c.lastSuccessAt ? "s-ok" : "muted"}>
        {failedLast ? "Not answering: " : c.lastSuccessAt ? "Working. " : "Not checked yet. "}
        {c.lastSuccessAt ? `Last successful call ${props.at(c.lastSuccessAt)}.` : "No successful call yet."}
      </p>
      {c.lastError && c.lastErrorAt ? <p class="small">Last error {props.at(c.lastErrorAt)}: {c.lastError}</p> : null}
    </>
  );
}

const percent = (n: number | null) => (n === null ? "—" : `${n}%`);

function DevicePicker(props: ConnectionPageProps & { devices: { ok: true; data: ConnectionDevice[] } }) {
  const { viewer, connection, properties } = props;
  const errors = props.pickErrors ?? {};
  const showNode = props.devices.data.some((d) => d.zwaveNodeId !== null);
  if (props.devices.data.length === 0) return <p class="muted">{PROVIDER_WORDS[connection.provider]} lists no lock that takes codes.</p>;
  if (properties.length === 0) return <p>Add a property first (<a href="/dashboard/properties">Properties</a>): each lock belongs to one.</p>;
  return (
    <form method="post" action={`/dashboard/connections/${connection.id}/locks`} aria-label="Add locks from this connection">
      <CsrfField viewer={viewer} />
      {errors.locks || errors.form ? <p class="error-text" id="pick-err">{errors.locks ?? errors.form}</p> : null}
      <div class="table-wrap" role="region" aria-label="Locks on this connection to add" tabindex={0}>
        <table>
          <thead>
            <tr><th scope="col">Add</th><th scope="col">Lock</th><th scope="col">Model</th><th scope="col">Battery</th><th scope="col">Online</th>{showNode ? <th scope="col">Z-Wave node</th> : null}<th scope="col">Property</th></tr>
          </thead>
          <tbody>
            {props.devices.data.map((d, i) => (
              <tr data-testid="device">
                <td>{d.lockId ? <span class="badge">Added</span> : <input type="checkbox" name="pick" value={d.deviceId} id={`pick-${i}`} aria-label={`Add ${d.name}`} />}</td>
                <td>
                  {d.lockId ? d.name : <input name={`name:${d.deviceId}`} value={d.name} aria-label={`Name for ${d.name}`} maxlength={200} />}
                  <div class="small muted">{d.deviceId}</div>
                </td>
                <td>{d.model ?? "—"}</td>
                <td>{percent(d.batteryLevel)}</td>
                <td>{d.online ? "Online" : "Offline"}</td>
                {showNode ? <td>{d.zwaveNodeId ?? "—"}</td> : null}
                <td>
                  {d.lockId ? null : (
                    <>
                      <select name={`property:${d.deviceId}`} aria-label={`Property for ${d.name}`} aria-invalid={errors[`property:${d.deviceId}`] ? "true" : undefined}>
                        {properties.length > 1 ? <option value="">Choose…</option> : null}
                        {properties.map((p) => <option value={p.id}>{p.name}</option>)}
                      </select>
                      {errors[`property:${d.deviceId}`] ? <p class="error-text">{errors[`property:${d.deviceId}`]}</p> : null}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="submit">Add the ticked locks</button>
    </form>
  );
}

export function ConnectionPage(props: ConnectionPageProps) {
  const { viewer, connection } = props;
  const at = (d: Date | null) => formatInstant(d, { zone: viewer.timeZone ?? "UTC", locale: "en-US", viewerZone: viewer.timeZone });
  const rotateErrors = props.rotateErrors ?? {};
  return (
    <Layout title={connection.name} viewer={viewer} section="connections" flash={props.flash}>
      <p class="small"><a href="/dashboard/connections">Connections</a></p>
      <h1>{connection.name}</h1>
      <section class="card" aria-labelledby="health-h">
        <h2 id="health-h">Health</h2>
        <p>{PROVIDER_WORDS[connection.provider]} · {connection.credentialHint}{connection.rotatedAt ? ` · replaced ${at(connection.rotatedAt)}` : ""}</p>
        <HealthLines connection={connection} at={at} />
        <form method="post" action={`/dashboard/connections/${connection.id}/check`}>
          <CsrfField viewer={viewer} />
          <button type="submit" class="secondary">Check now</button>
        </form>
      </section>
      <section aria-labelledby="locks-h">
        <h2 id="locks-h">Its locks</h2>
        {props.locks.length === 0 ? <p class="muted">No lock uses this connection yet.</p> : (
          <ul class="plain">
            {props.locks.map((l) => (
              <li data-testid="connection-lock">
                <a href={`/dashboard/properties/${l.propertyId}`}>{l.name}</a> at {l.propertyName}
                <span class="small muted"> · {l.online === false ? "offline" : l.online ? "online" : "not checked yet"}{l.batteryLevel !== null ? ` · battery ${l.batteryLevel}%` : ""}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="add-h">
        <h2 id="add-h">Add locks</h2>
        {props.devices.ok ? <DevicePicker {...props} devices={props.devices} /> : <p class="s-bad">Could not list the locks: {props.devices.message}</p>}
      </section>
      {connection.provider === "matter" ? null : (
      <Fold summary={`Replace the ${connection.provider === "zwave_js" ? "server URL" : connection.provider === "seam" ? "API key" : "URL and token"}`} open={Object.keys(rotateErrors).length > 0}>
        <form method="post" action={`/dashboard/connections/${connection.id}/rotate`} aria-label="Replace the credential">
          <CsrfField viewer={viewer} />
          <p class="small">The new one is sealed in place of the old, which stops being used at once; the connection is then checked again.</p>
          {rotateErrors.form ? <p class="error-text">{rotateErrors.form}</p> : null}
          {CREDENTIAL_FIELDS[connection.provider].map((f) => (
            <Field name={fieldName(connection.provider, f.key)} label={`${f.label} (new)`} type={f.type} hint={f.hint} errors={rotateErrors} required autocomplete="off" />
          ))}
          <button type="submit">Replace and check</button>
        </form>
      </Fold>
      )}
      <Fold summary="Remove this connection">
        <form method="post" action={`/dashboard/connections/${connection.id}/delete`} aria-label="Remove this connection">
          <CsrfField viewer={viewer} />
          <p class="small">Its sealed credential is deleted. A connection still used by a lock cannot be removed: remove those locks first.</p>
          <button type="submit" class="secondary">Remove {connection.name}</button>
        </form>
      </Fold>
    </Layout>
  );
}
