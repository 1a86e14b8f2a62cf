from enum import StrEnum


class ServiceCategory(StrEnum):
    APPLIANCE_REPAIR = "appliance_repair"
    CARPENTRY = "carpentry"
    CLEANING = "cleaning"
    ELECTRICAL = "electrical"
    FLOORING = "flooring"
    GENERAL_CONTRACTOR = "general_contractor"
    HANDYMAN = "handyman"
    HVAC = "hvac"
    LANDSCAPING = "landscaping"
    OTHER = "other"
    PAINTING = "painting"
    PEST_CONTROL = "pest_control"
    PLUMBING = "plumbing"
    POOL_SPA = "pool_spa"
    ROOFING = "roofing"

    def __str__(self) -> str:
        return str(self.value)
