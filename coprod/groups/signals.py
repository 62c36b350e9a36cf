"""Signals the group directory sends, for apps above it that keep figures about groups."""

from django.dispatch import Signal

# Sent inside group_merge's transaction once every record of the merged group points at the survivor,
# before the merged group is deleted; arguments: survivor (a CommunityGroup).
group_merged = Signal()
