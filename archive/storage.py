"""Static files storage for production: whitenoise's compressed manifest, minus source maps.

Vendored minified libraries end with `//# sourceMappingURL=x.js.map` but we do not ship the
maps; Django's manifest storage would then fail `collectstatic` looking for them. Browsers
only fetch maps when developer tools are open, so the reference is left as it is.
"""
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = tuple(
        (glob, tuple(rule for rule in rules if "sourceMappingURL" not in (rule[0] if isinstance(rule, tuple) else rule)))
        for glob, rules in CompressedManifestStaticFilesStorage.patterns
    )
