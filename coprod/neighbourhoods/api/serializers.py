"""API representations of places and neighbourhoods."""

from rest_framework import serializers

from coprod.core.api import ScopedModelSerializer
from coprod.neighbourhoods.models import Neighbourhood
from coprod.neighbourhoods.selectors import neighbourhood_figures
from coprod.places.models import LSOA, LocalAuthority, Region, Ward
from coprod.places.selectors import current_lsoas
from coprod.units.models import Team
from coprod.units.selectors import teams_for_user


class CodeField(serializers.SlugRelatedField):
    """A place named by its ONS code; where a code repeats across years, the newest record answers."""

    def __init__(self, *, order_by: list[str], **kwargs):
        self.order_by = order_by
        super().__init__(slug_field="code", **kwargs)

    def to_internal_value(self, data):
        queryset = self.get_queryset()
        assert queryset is not None  # a writable field has one
        obj = queryset.filter(code=str(data)).order_by(*self.order_by).first()
        if obj is None:
            self.fail("does_not_exist", slug_name="code", value=str(data))
        return obj


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name"]


class LocalAuthoritySerializer(serializers.ModelSerializer):
    region: "serializers.SlugRelatedField[Region]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = LocalAuthority
        fields = ["code", "year", "name", "tier", "region"]


class WardSerializer(serializers.ModelSerializer):
    local_authority: "serializers.SlugRelatedField[LocalAuthority]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Ward
        fields = ["code", "year", "name", "local_authority"]


class DeprivationBriefSerializer(serializers.Serializer):
    edition = serializers.IntegerField()
    rank = serializers.IntegerField()
    decile = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=7, decimal_places=3, allow_null=True)
    population = serializers.IntegerField(allow_null=True)


class LSOASerializer(serializers.ModelSerializer):
    local_authority: "serializers.SlugRelatedField[LocalAuthority]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    ward: "serializers.SlugRelatedField[Ward]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    deprivation = serializers.SerializerMethodField()

    class Meta:
        model = LSOA
        fields = ["code", "vintage", "name", "local_authority", "ward", "deprivation"]

    def get_deprivation(self, obj) -> DeprivationBriefSerializer(allow_null=True):  # type: ignore[valid-type]
        rows = getattr(obj, "current_deprivation", None) or []
        return DeprivationBriefSerializer(rows[0]).data if rows else None


class DecileCountsSerializer(serializers.Serializer):
    edition = serializers.IntegerField()
    lsoa_count = serializers.IntegerField()
    ranked_count = serializers.IntegerField()
    decile_counts = serializers.DictField(child=serializers.IntegerField())
    decile_1_count = serializers.IntegerField()
    decile_1_share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    population = serializers.IntegerField(allow_null=True)
    population_weighted_mean_rank = serializers.DecimalField(max_digits=9, decimal_places=1, allow_null=True)


class NeighbourhoodSerializer(ScopedModelSerializer):
    """Read a neighbourhood with its figures; write its details and its LSOAs (by code, or by ward)."""

    team = serializers.SlugRelatedField(slug_field="slug", queryset=Team.objects.none())
    lsoas = CodeField(many=True, required=False, queryset=current_lsoas(), order_by=["-vintage"])
    wards = CodeField(
        many=True,
        required=False,
        write_only=True,
        queryset=Ward.objects.all(),
        order_by=["-year"],
        help_text="Every LSOA of these wards is added to the LSOAs given.",
    )
    figures = serializers.SerializerMethodField()
    population = serializers.SerializerMethodField()

    class Meta:
        model = Neighbourhood
        fields = [
            "slug",
            "name",
            "team",
            "description",
            "settlement",
            "priority",
            "population_entered",
            "population",
            "lsoas",
            "wards",
            "figures",
        ]
        read_only_fields = ["slug"]

    choices = {"team": teams_for_user}

    def _figures(self, obj):
        cache = self.context.setdefault("_figures", {})
        if obj.pk not in cache:
            cache[obj.pk] = neighbourhood_figures(obj)
        return cache[obj.pk]

    # The annotation names the serializer for the API schema (drf-spectacular); the value is its data.
    def get_figures(self, obj) -> DecileCountsSerializer:
        return DecileCountsSerializer(self._figures(obj).deprivation).data  # type: ignore[return-value]

    def get_population(self, obj) -> int | None:
        return self._figures(obj).population
