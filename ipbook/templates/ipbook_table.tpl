{#- The book's table: pandas' Styler computes the cells (formatting, escaping, links), this template lays them
    out so that a table fits its column: the columns shown lead, the hidden (detail) columns and the quote go into
    a 'more' disclosure in the last cell, and every cell carries its heading so that a phone shows a row as a card. -#}
{% extends "html_table.tpl" %}
{% block table %}
{% if ipbook.note %}<p class="ipbook-note">{{ ipbook.note|e }}</p>{% endif %}
<div class="ipbook-table-wrap">{% if ipbook.fold %}<details class="ipbook-fold"><summary>{{ ipbook.fold|e }}</summary>{% endif %}<table class="ipbook-table {{ ipbook.cls }}"><thead><tr>
{%- for key, label, shown in ipbook.columns if shown %}<th class="col-{{ key|e }}" scope="col">{{ label|e }}</th>{% endfor %}
{%- if ipbook.more %}<th class="col-more" scope="col"><span class="visually-hidden">Details</span></th>{% endif -%}
</tr></thead><tbody>
{%- for r in body %}{% set row = loop.index0 %}{% set cells = r[-(ipbook.columns|length):] %}
<tr{% if ipbook.row_ids %} id="{{ ipbook.row_ids[row]|e }}"{% endif %} data-finding="{{ ipbook.states[row]|e }}">
{%- for c in cells %}{% set key, label, shown = ipbook.columns[loop.index0] %}{% if shown -%}
<td class="col-{{ key|e }}" data-label="{{ label|e }}">{{ c.display_value }}</td>
{%- endif %}{% endfor %}
{%- if ipbook.more %}<td class="col-more"><details><summary>more</summary><dl>
{%- for c in cells %}{% set key, label, shown = ipbook.columns[loop.index0] %}{% if shown is sameas false and c.display_value -%}
<dt>{{ label|e }}</dt><dd>{% if key == ipbook.quote %}“{{ c.display_value }}”{% else %}{{ c.display_value }}{% endif %}</dd>
{%- endif %}{% endfor %}</dl></details></td>{% endif -%}
</tr>
{%- endfor %}</tbody></table>{% if ipbook.fold %}</details>{% endif %}{% if ipbook.download %}{{ ipbook.download }}{% endif %}</div>
{% endblock table %}
