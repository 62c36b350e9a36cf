"""Community groups (registered or below the radar), their people, history and links, and venues."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce

from coprod.core.models import TimeStampedModel, Vocabulary
from coprod.groups.choices import (
    DuplicateStatus,
    EstimateSource,
    GroupStatus,
    IncomeBand,
    LegalForm,
    LinkKind,
    Premises,
    SpatialFocus,
    StatutoryRelationship,
    SupportIntensity,
    TrackedField,
    UserGroupKind,
    VenueKind,
    VenueStatus,
)
from coprod.groups.rules import (
    CHARITY_NUMBER,
    COMPANY_NUMBER,
    ORG_IDENTIFIER,
    POSTCODE,
    group_errors,
)
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import LSOA, LocalAuthority
from coprod.units.models import Team

# The fields groups.rules judges together (besides whether a team helped start the group).
RULED_FIELDS = (
    "volunteers",
    "volunteer_hours_week",
    "volunteer_estimate_on",
    "volunteer_estimate_source",
    "started_with_team_on",
    "org_identifier",
    "charity_number",
    "company_number",
    "founded_year",
)


class AreaOfWork(Vocabulary):
    """An area of work from the NSCSE vocabulary, or one an administrator added."""

    class Meta(Vocabulary.Meta):
        verbose_name_plural = "areas of work"


class CommunityGroup(TimeStampedModel):
    """A community group in a team's directory, from registered charity to informal group."""

    # The team leads the indexes below (group_team_added_idx, the identifier's): one of its own would
    # only be one more to write for every group.
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="groups", db_index=False)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="groups", null=True, blank=True
    )
    name = models.CharField(max_length=200)
    other_names = models.TextField(blank=True, help_text="Other names the group is known by, one per line.")
    # Normalised names for search and duplicate checks; searched with 'contains', so not indexed.
    search_name = models.CharField(max_length=600, editable=False)
    legal_form = models.CharField(max_length=40, choices=LegalForm.choices, default=LegalForm.INFORMAL)
    charity_number = models.CharField(max_length=12, blank=True, validators=[CHARITY_NUMBER])
    company_number = models.CharField(max_length=8, blank=True, validators=[COMPANY_NUMBER])
    org_identifier = models.CharField(
        "organisation identifier", max_length=80, blank=True, validators=[ORG_IDENTIFIER]
    )
    income_band = models.CharField(max_length=10, choices=IncomeBand.choices, default=IncomeBand.UNKNOWN)
    full_time_staff = models.PositiveIntegerField(null=True, blank=True)
    volunteers = models.PositiveIntegerField(null=True, blank=True)
    volunteer_hours_week = models.DecimalField(
        "volunteer hours a week", max_digits=8, decimal_places=1, null=True, blank=True
    )
    volunteer_estimate_on = models.DateField("date of the volunteer estimate", null=True, blank=True)
    volunteer_estimate_source = models.CharField(max_length=12, choices=EstimateSource.choices, blank=True)
    areas_of_work = models.ManyToManyField(AreaOfWork, blank=True, related_name="groups")
    spatial_focus = models.CharField(
        max_length=16, choices=SpatialFocus.choices, default=SpatialFocus.NEIGHBOURHOOD
    )
    neighbourhoods = models.ManyToManyField(Neighbourhood, blank=True, related_name="groups")
    base_postcode = models.CharField(max_length=8, blank=True, validators=[POSTCODE])
    base_lsoa = models.ForeignKey(
        LSOA, on_delete=models.PROTECT, null=True, blank=True, related_name="based_groups", db_index=False
    )
    statutory_relationship = models.CharField(
        "relationship with statutory bodies",
        max_length=10,
        choices=StatutoryRelationship.choices,
        default=StatutoryRelationship.UNKNOWN,
    )
    user_group_kind = models.CharField(
        "public-service user group",
        max_length=30,
        choices=UserGroupKind.choices,
        blank=True,
        help_text="Leave empty if the group is not a public-service user group.",
    )
    social_enterprise = models.BooleanField(default=False)
    premises = models.CharField(max_length=16, choices=Premises.choices, default=Premises.NONE)
    status = models.CharField(max_length=10, choices=GroupStatus.choices, default=GroupStatus.ACTIVE)
    status_since = models.DateField()
    founded_year = models.PositiveSmallIntegerField(null=True, blank=True)
    started_with_team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups_started",
        db_index=False,  # rarely filtered on; one index fewer to keep up on large imports
        help_text="The CCB team whose help started the group, if any.",
    )
    started_with_team_on = models.DateField(null=True, blank=True)
    support_intensity = models.CharField(
        max_length=10, choices=SupportIntensity.choices, default=SupportIntensity.NONE
    )
    support_intensity_since = models.DateField()
    anonymous_in_publications = models.BooleanField(
        default=False, help_text="The group asked to be listed anonymously in anything published."
    )
    notes = models.TextField(blank=True, help_text="Seen only by the group's team.")

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "org_identifier"],
                condition=~Q(org_identifier=""),
                name="group_identifier_unique_in_team",
            ),
            models.CheckConstraint(
                condition=Q(started_with_team__isnull=True, started_with_team_on__isnull=True)
                | Q(started_with_team__isnull=False, started_with_team_on__isnull=False),
                name="group_started_with_team_has_date",
            ),
            models.CheckConstraint(
                condition=Q(volunteer_hours_week__isnull=True) | Q(volunteer_hours_week__gte=0),
                name="group_volunteer_hours_not_negative",
            ),
        ]
        indexes = [
            # The dashboard counts groups added to a team's directory, and started with its help, in a
            # period.
            models.Index(fields=["team", "created_at"], name="group_team_added_idx"),
            models.Index(fields=["started_with_team", "started_with_team_on"], name="group_started_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = group_errors(
            {f: getattr(self, f) for f in RULED_FIELDS} | {"started_with_team": self.started_with_team_id}
        )
        if errors:
            raise ValidationError(errors)


class GroupChange(models.Model):
    """A dated change of a group's status or of the team's support intensity: the group's history.

    The value in force now is on the group with its 'since' date; each change keeps the value it
    replaced, so the whole history can be read back.
    """

    group = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=20, choices=TrackedField.choices)
    from_value = models.CharField(max_length=20)
    value = models.CharField(max_length=20)
    on = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.group}: {self.field} {self.value} on {self.on}"


class GroupContact(TimeStampedModel):
    """A person to contact at a group: personal data, seen by the group's team only."""

    group = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.group})"


class GroupLink(models.Model):
    """A group is a member of a network or federation, or is mentored by another group."""

    group = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=12, choices=LinkKind.choices)
    other = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="linked_from")

    class Meta:
        ordering = ["kind", "other__name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "kind", "other"], name="group_link_unique"),
            models.CheckConstraint(condition=~Q(group=F("other")), name="group_link_not_to_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.get_kind_display().lower()} {self.other}"


class Venue(TimeStampedModel):
    """A community centre, library, youth club, hall or park that groups depend on."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="venues")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=VenueKind.choices)
    owner = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=12, choices=VenueStatus.choices, default=VenueStatus.OPEN)
    asset_of_community_value = models.BooleanField("listed as an Asset of Community Value", default=False)
    postcode = models.CharField(max_length=8, blank=True, validators=[POSTCODE])
    lsoa = models.ForeignKey(LSOA, on_delete=models.PROTECT, null=True, blank=True, related_name="venues")
    groups = models.ManyToManyField(CommunityGroup, blank=True, related_name="venues")
    days_open_week = models.PositiveSmallIntegerField(
        "days open a week", null=True, blank=True, validators=[MaxValueValidator(7)]
    )
    community_hire_rate = models.DecimalField(
        "hire rate for community groups (£ an hour)", max_digits=7, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    commercial_hire_rate = models.DecimalField(
        "commercial hire rate (£ an hour)", max_digits=7, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class VenueStatusChange(models.Model):
    """A venue's status from a day (open, at risk, closed, transferred): its dated history, of which
    the venue's status is the last. The first change of a venue is its status when it was added."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=VenueStatus.choices, blank=True)
    status = models.CharField(max_length=12, choices=VenueStatus.choices)
    on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["venue", "on", "pk"]
        indexes = [models.Index(fields=["status", "on"], name="venue_change_status_on_idx")]

    def __str__(self) -> str:
        return f"{self.venue} {self.status} from {self.on}"


class PossibleDuplicate(models.Model):
    """Two groups that may be the same, flagged when one was created, waiting for a person to decide."""

    group = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="duplicate_flags")
    other = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN)
    flagged_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-flagged_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "other"], name="duplicate_pair_unique"),
            models.CheckConstraint(condition=~Q(group=F("other")), name="duplicate_not_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.group} may duplicate {self.other}"


class GroupMerge(models.Model):
    """A record that one group was merged into another, kept after the merged record is gone."""

    survivor = models.ForeignKey(CommunityGroup, on_delete=models.CASCADE, related_name="merges")
    merged_name = models.CharField(max_length=200)
    merged_identifier = models.CharField(max_length=80, blank=True)
    moved = models.JSONField(default=dict, help_text="How many linked records moved, by kind.")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.merged_name} merged into {self.survivor}"


class GroupCount(models.Model):
    """Groups counted by team, status and support intensity (neighbourhood None), and their links to
    the neighbourhoods they serve (neighbourhood set): a rollup the dashboard reads rather than counting
    a unit's directory on every request. groups.rollups keeps it equal to the directory in the same
    transaction as every write."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, null=True, related_name="+")
    status = models.CharField(max_length=10)
    support_intensity = models.CharField(max_length=10)
    n = models.PositiveIntegerField()
    hours_week = models.DecimalField(
        max_digits=14, decimal_places=1, default=0, help_text="Their volunteer hours a week, summed."
    )
    estimates = models.PositiveIntegerField(default=0, help_text="How many of them have an estimate.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "team",
                "status",
                "support_intensity",
                Coalesce("neighbourhood", Value(0)),
                name="group_count_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.team_id}/{self.neighbourhood_id} {self.status} {self.support_intensity}: {self.n}"
