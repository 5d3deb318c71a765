"""The minister's office pack: a one-page brief (PDF) and an editable deck (PowerPoint).

Both are built from one language-neutral content model (:mod:`.content`), computed
from the same indicators as the site for the period (only data known up to it).
"""

from .content import BriefContent, build_content
from .pack import write_pack

__all__ = ["BriefContent", "build_content", "write_pack"]
