"""The form for a producer's enterprise size and declared sales channels, filled in by the producer in its workspace
and corrected by the programme office."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from shop.forms import choices
from shop.sellers.models import ENTERPRISE_SIZES, SALES_CHANNELS


class ChannelsForm(FlaskForm):
    enterprise_size = SelectField(_l("Quy mô doanh nghiệp"),
                                  choices=choices([("", _l("Chưa xác định"))] + list(ENTERPRISE_SIZES.items())))
    channels = SelectMultipleField(_l("Kênh bán hàng hiện đại (ngoài sàn này)"),
                                   choices=choices(SALES_CHANNELS.items()),
                                   widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())

    def size(self) -> str | None:
        """The chosen enterprise size, None when not stated."""
        return self.enterprise_size.data or None


def channels_form(seller) -> ChannelsForm:
    """The form, filled in with what `seller` has declared (a posted form reads the request instead)."""
    return ChannelsForm(enterprise_size=seller.enterprise_size or "",
                        channels=[declared.channel for declared in seller.channels])
