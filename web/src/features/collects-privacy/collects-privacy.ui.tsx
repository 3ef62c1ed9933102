import { Link } from "react-router";
import type { Me } from "@/shared/api";
import { paths } from "@/shared/config";
import { Alert, FormError } from "@/shared/ui";
import { useSetCollectsPublic } from "./collects-privacy.mutation";

/**
 * Settings → Privacy & data → "Bookmarks": whether the posts you bookmark show on your profile.
 * Off by default (as Reddit and Lemmy keep saved items private); saved as soon as it is switched.
 */
export function CollectsPrivacy({ me }: { me: Me }) {
  const update = useSetCollectsPublic();
  const on = me.collects_public;
  return (
    <section className="form" aria-labelledby="collects-privacy-heading" data-collects-privacy="">
      <h3 id="collects-privacy-heading">Bookmarks</h3>
      <div className="switch-row">
        <label className="switch">
          <input
            type="checkbox"
            role="switch"
            checked={on}
            aria-describedby="collects-privacy-hint"
            onChange={(event) => update.mutate(event.target.checked)}
          />
          <span className="switch-track" aria-hidden="true">
            <span className="switch-thumb" />
          </span>
          <span className="switch-label">Show my bookmarks on my profile</span>
        </label>
      </div>
      <p className="field-hint" id="collects-privacy-hint">
        {on ? (
          <>
            Anyone who opens <Link to={paths.user(me.name, "collects")}>your profile</Link>, signed in or not, can see the posts
            you bookmark.
          </>
        ) : (
          <>
            Only you can see the posts you bookmark (on <Link to={paths.user(me.name, "collects")}>your profile</Link>, under
            Bookmarks). Others do not see that tab.
          </>
        )}{" "}
        The number of bookmarks on each post is public either way; who made them is not.
      </p>
      {update.isSuccess ? (
        <Alert tone="success">{on ? "Your bookmarks are now on your profile." : "Your bookmarks are now private."}</Alert>
      ) : null}
      <FormError error={update.error} />
    </section>
  );
}
