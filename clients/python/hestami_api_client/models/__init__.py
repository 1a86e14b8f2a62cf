"""Contains all the data models used in inputs/outputs"""

from .admin_user_update import AdminUserUpdate
from .audit_log import AuditLog
from .audit_log_details import AuditLogDetails
from .audit_log_page import AuditLogPage
from .audit_log_sort import AuditLogSort
from .catalog_service import CatalogService
from .catalog_service_page import CatalogServicePage
from .catalog_sort import CatalogSort
from .email_verification_accepted import EmailVerificationAccepted
from .email_verification_confirm import EmailVerificationConfirm
from .health_status import HealthStatus
from .homeowner_inquiry_update import HomeownerInquiryUpdate
from .inquiry import Inquiry
from .inquiry_create import InquiryCreate
from .inquiry_page import InquiryPage
from .inquiry_sort import InquirySort
from .inquiry_status import InquiryStatus
from .login_form import LoginForm
from .logout_request import LogoutRequest
from .password_change_request import PasswordChangeRequest
from .password_reset_accepted import PasswordResetAccepted
from .password_reset_confirm import PasswordResetConfirm
from .password_reset_request import PasswordResetRequest
from .price_unit import PriceUnit
from .problem import Problem
from .property_ import Property
from .property_input import PropertyInput
from .property_page import PropertyPage
from .property_sort import PropertySort
from .property_type import PropertyType
from .provider_inquiry_status import ProviderInquiryStatus
from .provider_inquiry_update import ProviderInquiryUpdate
from .provider_profile import ProviderProfile
from .provider_profile_update import ProviderProfileUpdate
from .provider_service_sort import ProviderServiceSort
from .provider_summary import ProviderSummary
from .readiness_status import ReadinessStatus
from .refresh_request import RefreshRequest
from .register_request import RegisterRequest
from .registration_role import RegistrationRole
from .role import Role
from .service import Service
from .service_category import ServiceCategory
from .service_input import ServiceInput
from .service_page import ServicePage
from .session import Session
from .session_page import SessionPage
from .session_sort import SessionSort
from .stats import Stats
from .stats_inquiries_by_status import StatsInquiriesByStatus
from .stats_users_by_role import StatsUsersByRole
from .token_pair import TokenPair
from .user import User
from .user_page import UserPage
from .user_sort import UserSort
from .user_update import UserUpdate
from .validation_error_item import ValidationErrorItem

__all__ = (
    "AdminUserUpdate",
    "AuditLog",
    "AuditLogDetails",
    "AuditLogPage",
    "AuditLogSort",
    "CatalogService",
    "CatalogServicePage",
    "CatalogSort",
    "EmailVerificationAccepted",
    "EmailVerificationConfirm",
    "HealthStatus",
    "HomeownerInquiryUpdate",
    "Inquiry",
    "InquiryCreate",
    "InquiryPage",
    "InquirySort",
    "InquiryStatus",
    "LoginForm",
    "LogoutRequest",
    "PasswordChangeRequest",
    "PasswordResetAccepted",
    "PasswordResetConfirm",
    "PasswordResetRequest",
    "PriceUnit",
    "Problem",
    "Property",
    "PropertyInput",
    "PropertyPage",
    "PropertySort",
    "PropertyType",
    "ProviderInquiryStatus",
    "ProviderInquiryUpdate",
    "ProviderProfile",
    "ProviderProfileUpdate",
    "ProviderServiceSort",
    "ProviderSummary",
    "ReadinessStatus",
    "RefreshRequest",
    "RegisterRequest",
    "RegistrationRole",
    "Role",
    "Service",
    "ServiceCategory",
    "ServiceInput",
    "ServicePage",
    "Session",
    "SessionPage",
    "SessionSort",
    "Stats",
    "StatsInquiriesByStatus",
    "StatsUsersByRole",
    "TokenPair",
    "User",
    "UserPage",
    "UserSort",
    "UserUpdate",
    "ValidationErrorItem",
)
