"""Regions, local authorities, wards, LSOAs and their deprivation, each code kept with its vintage."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from coprod.core.models import TimeStampedModel
from coprod.places.choices import BodyKind, ImdEdition, LsoaVintage, Tier
from coprod.places.rules import body_errors


class Region(TimeStampedModel):
    """An English region (E12), or Wales (W92000004): the area a co-production unit serves."""

    code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LocalAuthority(TimeStampedModel):
    """A local authority district (E06 to E09, W06) as it stood in a given year."""

    code = models.CharField(max_length=9)
    year = models.PositiveSmallIntegerField(help_text="The year of the boundaries, e.g. 2019.")
    name = models.CharField(max_length=100)
    tier = models.CharField(max_length=32, choices=Tier.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="authorities"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"
        constraints = [
            models.UniqueConstraint(fields=["code", "year"], name="authority_code_year_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Ward(TimeStampedModel):
    """An electoral ward (E05) in a given year; wards change most years."""

    code = models.CharField(max_length=9)
    year = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="wards")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["code", "year"], name="ward_code_year_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class LSOA(TimeStampedModel):
    """A lower layer super output area (E01, W01) of the 2011 or 2021 boundaries."""

    code = models.CharField(max_length=9)
    vintage = models.PositiveSmallIntegerField(choices=LsoaVintage.choices)
    name = models.CharField(max_length=100)
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="lsoas")
    ward = models.ForeignKey(
        Ward,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lsoas",
        help_text="The best-fit ward from the most recently imported lookup.",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = "LSOA"
        verbose_name_plural = "LSOAs"
        constraints = [
            models.UniqueConstraint(fields=["code", "vintage"], name="lsoa_code_vintage_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Deprivation(TimeStampedModel):
    """One LSOA's Index of Multiple Deprivation figures in one edition (rank 1 = most deprived)."""

    lsoa = models.ForeignKey(LSOA, on_delete=models.CASCADE, related_name="deprivations")
    edition = models.PositiveSmallIntegerField(choices=ImdEdition.choices)
    rank = models.PositiveIntegerField()
    decile = models.PositiveSmallIntegerField()
    score = models.DecimalField(max_digits=7, decimal_places=3, null=True, blank=True)
    domains = models.JSONField(
        default=dict, blank=True, help_text='Domain ranks and deciles: {"income": {"rank": 1, ...}}'
    )
    # The edition's population denominators (for 2019: mid-2015, excluding prisoners; IoD File 6 or 7).
    population = models.PositiveIntegerField(null=True, blank=True)
    children = models.PositiveIntegerField("children aged 0-15", null=True, blank=True)
    aged_16_59 = models.PositiveIntegerField("people aged 16-59", null=True, blank=True)
    aged_60_plus = models.PositiveIntegerField("people aged 60 and over", null=True, blank=True)
    working_age = models.PositiveIntegerField(
        "working-age people", null=True, blank=True, help_text="18-59 (women) and 18-64 (men)."
    )

    class Meta:
        ordering = ["lsoa__code", "edition"]
        constraints = [
            models.UniqueConstraint(fields=["lsoa", "edition"], name="deprivation_lsoa_edition_unique"),
            models.CheckConstraint(
                condition=Q(decile__gte=1, decile__lte=10), name="deprivation_decile_1_to_10"
            ),
            models.CheckConstraint(condition=Q(rank__gte=1), name="deprivation_rank_positive"),
            models.CheckConstraint(
                condition=Q(edition__in=[e.value for e in ImdEdition]),
                name="deprivation_edition_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lsoa.code} IMD {self.edition}: decile {self.decile}"


class PublicBody(TimeStampedModel):
    """A public-service body of a region that works with community groups: a council department, a
    primary care network (with its NHS ODS code), a GP practice, a police neighbourhood team, a
    housing provider, a school, fire and rescue."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="public_bodies")
    kind = models.CharField(max_length=30, choices=BodyKind.choices)
    name = models.CharField(max_length=200)
    ods_code = models.CharField(
        "NHS ODS code",
        max_length=6,
        blank=True,
        help_text="For NHS bodies: U12345 for a primary care network.",
    )
    authorities = models.ManyToManyField(LocalAuthority, blank=True, related_name="public_bodies")

    class Meta:
        # Kept in the table it was created in (publicservices, migration 0002) when it moved here.
        db_table = "publicservices_publicbody"
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "ods_code"],
                condition=~Q(ods_code=""),
                name="public_body_ods_once",
                violation_error_message="A body with this ODS code is in the region already.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = body_errors(kind=self.kind or "", ods_code=self.ods_code or "")
        if errors:
            raise ValidationError(errors)
